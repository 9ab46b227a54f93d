package dev.tenantry.portal.roles.web;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.CustomRoles;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.access.ApprovalRequiredException;
import dev.tenantry.portal.access.AssignmentScope;
import dev.tenantry.portal.access.Permissions;
import dev.tenantry.portal.access.Role;
import dev.tenantry.portal.access.RoleAssignment;
import dev.tenantry.portal.access.RoleAssignment.PrincipalType;
import dev.tenantry.portal.roles.OwnerGrants;
import dev.tenantry.portal.tenant.CustomerTenant;
import dev.tenantry.portal.tenant.TenantDirectory;
import dev.tenantry.portal.tenant.TenantQuery;
import dev.tenantry.portal.web.PageMessages;
import jakarta.faces.application.FacesMessage;
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
    CustomRoles customRoles;

    @Inject
    OwnerGrants ownerGrants;

    @Inject
    TenantDirectory tenants;

    private PrincipalType newType = PrincipalType.USER;
    private String newPrincipal;
    private String newRole = Role.TECHNICIAN;
    private AssignmentScope.Kind newScope = AssignmentScope.Kind.ALL;
    private List<String> newTenants = new ArrayList<>();
    private String newTag;
    private String newReason;
    private String editedRoleId;
    /** The version of the role the dialog opened with: saving over someone else's change is refused. */
    private Long editedRoleVersion;
    private String roleName;
    private String roleDescription;
    private List<String> rolePermissions = new ArrayList<>();
    private String checkUser;
    private String checkTenant;
    private Set<String> checked;

    public boolean isMayManage() {
        return access.callerPermissions(null).contains(Permissions.RBAC_MANAGE);
    }

    /** The page's guard: without {@code rbac:manage} the answer is 403, before anything is shown. */
    public void requireManage() throws java.io.IOException {
        dev.tenantry.portal.web.PageGuard.require(isMayManage(), "rbac:manage needed");
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
            case ALL -> PageMessages.text("access.scope.all");
            case TAG -> PageMessages.text("access.scope.tag") + " "
                    + String.join(", ", assignment.scope().values().stream().sorted().toList());
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
                throw new IllegalArgumentException(PageMessages.text("access.principal.required"));
            }
            if (Role.OWNER.equals(newRole)) {
                ownerGrants.request(newType, newPrincipal.strip(), scope, newReason);
                PageMessages.show(null, FacesMessage.SEVERITY_INFO,
                        PageMessages.text("access.owner.requested", newPrincipal.strip()));
            } else {
                access.assign(newType, newPrincipal.strip(), newRole, scope);
                PageMessages.show(null, FacesMessage.SEVERITY_INFO,
                        PageMessages.text("access.assigned", newPrincipal.strip()));
            }
            newPrincipal = null;
            newReason = null;
            newTenants = new ArrayList<>();
            newTag = null;
        } catch (IllegalArgumentException | AccessDeniedException | ApprovalRequiredException e) {
            PageMessages.show("assignForm:principal", FacesMessage.SEVERITY_ERROR, e.getMessage());
            PrimeFaces.current().ajax().addCallbackParam("failed", true);
        }
    }

    public void unassign(RoleAssignment assignment) {
        try {
            access.unassign(assignment.id());
            PageMessages.show(null, FacesMessage.SEVERITY_INFO,
                    PageMessages.text("access.unassigned", assignment.principal()));
        } catch (IllegalArgumentException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    /** Every permission a custom role may hold (the caller can only choose those they hold for all tenants). */
    public Set<String> getKnownPermissions() {
        return access.knownPermissions();
    }

    /** Opens the role dialog empty, for a new custom role. */
    public void startNewRole() {
        editedRoleId = null;
        roleName = null;
        roleDescription = null;
        rolePermissions = new ArrayList<>();
    }

    /** Opens the role dialog with a custom role's current definition. */
    public void startEditRole(Role role) {
        editedRoleId = role.id();
        editedRoleVersion = role.version();
        roleName = role.name();
        roleDescription = role.description();
        rolePermissions = new ArrayList<>(new TreeSet<>(role.permissions()));
    }

    public void saveRole() {
        try {
            Role saved = editedRoleId == null
                    ? customRoles.createRole(roleName, roleDescription, Set.copyOf(rolePermissions))
                    : customRoles.updateRole(editedRoleId, roleName, roleDescription, Set.copyOf(rolePermissions),
                    editedRoleVersion);
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text("access.role.saved", saved.name()));
            startNewRole();
        } catch (IllegalArgumentException | AccessDeniedException e) {
            PageMessages.show("roleForm:roleName", FacesMessage.SEVERITY_ERROR, e.getMessage());
            PrimeFaces.current().ajax().addCallbackParam("failed", true);
        }
    }

    public void deleteRole(Role role) {
        try {
            customRoles.deleteRole(role.id());
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text("access.role.deleted", role.name()));
        } catch (IllegalArgumentException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    /** Whether a role can be changed here: custom roles only (built-in and plugin roles are defined elsewhere). */
    public boolean editable(Role role) {
        return !role.builtIn() && "custom".equals(role.source());
    }

    public String getEditedRoleId() {
        return editedRoleId;
    }

    public String getRoleName() {
        return roleName;
    }

    public void setRoleName(String roleName) {
        this.roleName = roleName;
    }

    public String getRoleDescription() {
        return roleDescription;
    }

    public void setRoleDescription(String roleDescription) {
        this.roleDescription = roleDescription;
    }

    public List<String> getRolePermissions() {
        return rolePermissions;
    }

    public void setRolePermissions(List<String> rolePermissions) {
        this.rolePermissions = rolePermissions == null ? new ArrayList<>() : new ArrayList<>(rolePermissions);
    }

    /** Effective permissions of a user in a tenant (or portal-wide), as the server decides them. */
    public void check() {
        if (!isMayManage()) {
            throw new AccessDeniedException("Checking others' permissions needs " + Permissions.RBAC_MANAGE);
        }
        checked = new TreeSet<>(access.permissionsOf(checkUser == null ? "" : checkUser.strip(), List.of(),
                checkTenant == null || checkTenant.isBlank() ? null : checkTenant));
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
