package dev.tenantry.portal.access.web;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment;
import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.approval.ApprovalException;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.TenantDirectory;
import dev.tenantry.portal.tenant.TenantQuery;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.primefaces.PrimeFaces;

/** Backs {@code settings/access.xhtml}. Every change is checked again by {@link AccessControl}. */
@Named
@ViewScoped
public class AccessView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    AccessControl access;

    @Inject
    TenantDirectory tenants;

    private PrincipalType newType = PrincipalType.USER;
    private String newPrincipal;
    private String newRole = Role.TECHNICIAN;
    private AssignmentScope.Kind newScope = AssignmentScope.Kind.ALL;
    private List<String> newTenants = new ArrayList<>();
    private String newTag;
    private String newReason;
    private String checkUser;
    private String checkTenant;
    private Set<String> checked;

    public boolean isMayManage() {
        return access.callerPermissions(null).contains(Permissions.RBAC_MANAGE);
    }

    /** The page's guard: without {@code rbac:manage} the answer is 403, before anything is shown. */
    public void requireManage() throws java.io.IOException {
        if (!isMayManage()) {
            FacesContext.getCurrentInstance().getExternalContext().responseSendError(403, "rbac:manage needed");
            FacesContext.getCurrentInstance().responseComplete();
        }
    }

    public List<Role> getRoles() {
        return access.roles();
    }

    public List<RoleAssignment> getAssignments() {
        return access.assignments();
    }

    public List<CustomerTenant> getTenants() {
        return tenants.page(new TenantQuery(0, 500, "displayName", true, "")).tenants();
    }

    public PrincipalType[] getPrincipalTypes() {
        return PrincipalType.values();
    }

    /** Role id → name, for the assignments table. */
    public Map<String, String> getRoleNames() {
        return getRoles().stream().collect(Collectors.toMap(Role::id, Role::name));
    }

    /** Tenant id → name, for scopes. */
    public Map<String, String> getTenantNames() {
        return getTenants().stream().collect(Collectors.toMap(CustomerTenant::id, CustomerTenant::displayName));
    }

    public String scopeText(RoleAssignment assignment) {
        return switch (assignment.scope().kind()) {
            case ALL -> text("access.scope.all");
            case TAG -> text("access.scope.tag") + " " + String.join(", ", assignment.scope().values().stream().sorted().toList());
            case TENANTS -> {
                Map<String, String> names = getTenantNames();
                yield assignment.scope().values().stream().map(id -> names.getOrDefault(id, id)).sorted()
                        .collect(Collectors.joining(", "));
            }
        };
    }

    public void assign() {
        try {
            AssignmentScope scope = switch (newScope) {
                case ALL -> AssignmentScope.allTenants();
                case TENANTS -> AssignmentScope.tenants(newTenants.toArray(String[]::new));
                case TAG -> AssignmentScope.tagged(newTag == null ? new String[0]
                        : new String[] {newTag.strip().toLowerCase(java.util.Locale.ROOT)});
            };
            if (newPrincipal == null || newPrincipal.isBlank()) {
                throw new IllegalArgumentException(text("access.principal.required"));
            }
            if (Role.OWNER.equals(newRole)) {
                access.requestOwnerGrant(newType, newPrincipal.strip(), scope, newReason);
                message(null, FacesMessage.SEVERITY_INFO, text("access.owner.requested").replace("{0}", newPrincipal.strip()));
            } else {
                access.assign(newType, newPrincipal.strip(), newRole, scope);
                message(null, FacesMessage.SEVERITY_INFO, text("access.assigned").replace("{0}", newPrincipal.strip()));
            }
            newPrincipal = null;
            newReason = null;
            newTenants = new ArrayList<>();
            newTag = null;
        } catch (IllegalArgumentException | AccessDeniedException | ApprovalException e) {
            message("assignForm:principal", FacesMessage.SEVERITY_ERROR, e.getMessage());
            PrimeFaces.current().ajax().addCallbackParam("failed", true);
        }
    }

    public void unassign(RoleAssignment assignment) {
        try {
            access.unassign(assignment.id());
            message(null, FacesMessage.SEVERITY_INFO, text("access.unassigned").replace("{0}", assignment.principal()));
        } catch (IllegalArgumentException | AccessDeniedException e) {
            message(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    /** Effective permissions of a user in a tenant (or portal-wide), as the server decides them. */
    public void check() {
        if (!isMayManage()) {
            throw new AccessDeniedException("Checking others' permissions needs " + Permissions.RBAC_MANAGE);
        }
        checked = new TreeSet<>(access.permissionsOf(checkUser == null ? "" : checkUser.strip(), List.of(),
                checkTenant == null || checkTenant.isBlank() ? null : checkTenant));
    }

    private static String text(String key) {
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces.getApplication().getResourceBundle(faces, "msg").getString(key);
    }

    private static void message(String clientId, FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(clientId, new FacesMessage(severity, text, null));
    }

    public PrincipalType getNewType() {
        return newType;
    }

    public void setNewType(PrincipalType newType) {
        this.newType = newType;
    }

    public String getNewPrincipal() {
        return newPrincipal;
    }

    public void setNewPrincipal(String newPrincipal) {
        this.newPrincipal = newPrincipal;
    }

    public String getNewRole() {
        return newRole;
    }

    public void setNewRole(String newRole) {
        this.newRole = newRole;
    }

    public AssignmentScope.Kind getNewScope() {
        return newScope;
    }

    public void setNewScope(AssignmentScope.Kind newScope) {
        this.newScope = newScope == null ? AssignmentScope.Kind.ALL : newScope;
    }

    public AssignmentScope.Kind[] getScopeKinds() {
        return AssignmentScope.Kind.values();
    }

    public String getNewReason() {
        return newReason;
    }

    public void setNewReason(String newReason) {
        this.newReason = newReason;
    }

    public String getNewTag() {
        return newTag;
    }

    public void setNewTag(String newTag) {
        this.newTag = newTag;
    }

    public List<String> getNewTenants() {
        return newTenants;
    }

    public void setNewTenants(List<String> newTenants) {
        this.newTenants = newTenants == null ? new ArrayList<>() : newTenants;
    }

    public String getCheckUser() {
        return checkUser;
    }

    public void setCheckUser(String checkUser) {
        this.checkUser = checkUser;
    }

    public String getCheckTenant() {
        return checkTenant;
    }

    public void setCheckTenant(String checkTenant) {
        this.checkTenant = checkTenant;
    }

    public Set<String> getChecked() {
        return checked;
    }

}
