package dev.tenantry.portal.apitoken.web;

import dev.tenantry.portal.access.AccessControl;
import dev.tenantry.portal.access.AccessDeniedException;
import dev.tenantry.portal.apitoken.ApiToken;
import dev.tenantry.portal.apitoken.ApiTokens;
import dev.tenantry.portal.apitoken.IssuedApiToken;
import dev.tenantry.portal.identity.CurrentStaff;
import dev.tenantry.portal.web.PageMessages;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.primefaces.PrimeFaces;

/**
 * Backs {@code settings/api-tokens.xhtml}. A new token's secret lives in this view only until the page is left, so it
 * is shown exactly once.
 */
@Named
@ViewScoped
public class ApiTokensView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ApiTokens tokens;

    @Inject
    AccessControl access;

    @Inject
    CurrentStaff staff;

    private String name;
    private int days = 30;
    private List<String> permissions = new ArrayList<>();
    private String issuedSecret;
    private String issuedName;
    private transient List<ApiToken> mine;
    private transient List<ApiToken> everyones;

    /** The permissions a new token may carry: those the caller holds somewhere. */
    public Set<String> getGrantable() {
        return staff.user().map(user -> access.permissionsAnywhere(user, staff.groups())).orElse(new TreeSet<>());
    }

    public List<Integer> getLifetimes() {
        return List.of(7, 30, 90, 180, ApiToken.MAX_LIFETIME_DAYS);
    }

    public void create() {
        try {
            IssuedApiToken issued = tokens.create(name, Set.copyOf(permissions), days);
            issuedSecret = issued.secret();
            issuedName = issued.token().name();
            name = null;
            permissions = new ArrayList<>();
            mine = null;
            everyones = null;
            PrimeFaces.current().ajax().addCallbackParam("created", true);
        } catch (IllegalArgumentException | AccessDeniedException e) {
            PageMessages.show("createForm:name", FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    public void revoke(ApiToken token) {
        try {
            tokens.revoke(token.id());
            PageMessages.show(null, FacesMessage.SEVERITY_INFO, PageMessages.text("tokens.revoked", token.name()));
        } catch (IllegalArgumentException | AccessDeniedException e) {
            PageMessages.show(null, FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
        mine = null;
        everyones = null;
    }

    /** Forgets the secret once the user says they have copied it. */
    public void dismissSecret() {
        issuedSecret = null;
        issuedName = null;
    }

    public List<ApiToken> getMine() {
        if (mine == null) {
            mine = tokens.mine();
        }
        return mine;
    }

    public boolean isMayManageAll() {
        return tokens.mayManageAll();
    }

    public List<ApiToken> getEveryones() {
        if (everyones == null) {
            everyones = isMayManageAll() ? tokens.everyones() : List.of();
        }
        return everyones;
    }

    public ApiToken.Status statusOf(ApiToken token) {
        return token.statusAt(Instant.now());
    }

    public String severityOf(ApiToken token) {
        return switch (statusOf(token)) {
            case ACTIVE -> "success";
            case EXPIRED -> "secondary";
            case REVOKED -> "danger";
        };
    }

    public String permissionsText(ApiToken token) {
        return String.join(", ", new TreeSet<>(token.permissions()));
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getDays() {
        return days;
    }

    public void setDays(int days) {
        this.days = days;
    }

    public List<String> getPermissions() {
        return permissions;
    }

    public void setPermissions(List<String> permissions) {
        this.permissions = permissions == null ? new ArrayList<>() : new ArrayList<>(permissions);
    }

    public String getIssuedSecret() {
        return issuedSecret;
    }

    public String getIssuedName() {
        return issuedName;
    }
}
