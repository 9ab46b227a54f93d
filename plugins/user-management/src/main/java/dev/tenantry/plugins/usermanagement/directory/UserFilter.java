package dev.tenantry.plugins.usermanagement.directory;

import dev.tenantry.plugin.api.RecordQuery;
import dev.tenantry.plugins.usermanagement.UserIds;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * What the users table is filtered and sorted by, turned into one query the host's database answers: the start of a
 * display name or a UPN (each from its index, so a search among a million users reads only those that match), the
 * tenant, a tag of the tenants (matched by the database, however many tenants carry it), active or deleted, sign-in
 * allowed or blocked, administrators, MFA registered, guests or members, a licence, and no sign-in for N days (users
 * who never signed in included).
 */
public final class UserFilter implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Any value of a yes/no filter. */
    public static final String ANY = "";
    public static final String YES = "yes";
    public static final String NO = "no";

    private String tenant = "";
    private String tag = "";
    private String name = "";
    private String upn = "";
    private String state = UserStore.ACTIVE;
    private String enabled = ANY;
    private String admin = ANY;
    private String mfa = ANY;
    private String guest = ANY;
    private String licence = "";
    private Integer inactiveDays;
    private String sortField = "name";
    private boolean descending;
    private transient Clock clock;

    /**
     * The query, in the tenants where the person holds {@code user-management:view}; empty when the tenant filter
     * names a tenant they may not see, or the tag filter holds what no tenant can carry ({@link #isTagValid}).
     *
     * @param holds whether the person holds a permission in a tenant
     */
    public Optional<RecordQuery> query(BiPredicate<String, String> holds) {
        RecordQuery query = RecordQuery.of(UserStore.USER);
        if (tenant.isEmpty()) {
            query = query.visibleWith(UserIds.VIEW);
        } else if (holds.test(UserIds.VIEW, tenant)) {
            query = query.inTenant(tenant);
        } else {
            return Optional.empty();
        }
        Optional<RecordQuery> tagged = tagged(query);
        if (tagged.isEmpty()) {
            return Optional.empty();
        }
        query = tagged.get();
        if (!state.isEmpty()) {
            query = query.equal("state", state);
        }
        query = query.startsWith("name", ManagedUser.searchable(name)).startsWith("upn", ManagedUser.searchable(upn));
        query = flag(query, "enabled", enabled);
        query = flag(query, "admin", admin);
        query = flag(query, "mfa", mfa);
        query = flag(query, "guest", guest);
        if (!licence.isBlank()) {
            query = query.contains("licences", licence);
        }
        if (inactiveDays != null) {
            query = query.below("last-sign-in", (clock == null ? Clock.systemUTC() : clock).instant()
                    .minus(Duration.ofDays(inactiveDays)));
        }
        String field = switch (sortField) {
            case "upn", "last-sign-in", "created" -> sortField;
            default -> "name";
        };
        return Optional.of(query.orderBy(field, descending));
    }

    /** The query only in the tenants carrying the tag filter's tag (any tenant when blank); empty if it is no tag. */
    private Optional<RecordQuery> tagged(RecordQuery query) {
        try {
            return Optional.of(query.taggedWith(tag));
        } catch (IllegalArgumentException notATag) {
            return Optional.empty();
        }
    }

    /** Whether the tag filter is blank or could be a tag (up to 40 letters, digits or dashes): no tenant has others. */
    public boolean isTagValid() {
        return tagged(RecordQuery.of(UserStore.USER)).isPresent();
    }

    /** The tag filter as the portal keeps tags (lower case); empty when blank or no tag could be it. */
    public String tagAsKept() {
        return tagged(RecordQuery.of(UserStore.USER)).map(RecordQuery::tag).orElse("");
    }

    private static RecordQuery flag(RecordQuery query, String field, String value) {
        return switch (value) {
            case YES -> query.equal(field, true);
            case NO -> query.equal(field, false);
            default -> query;
        };
    }

    /** Sorts by a column of the table ({@code name}, {@code upn}, {@code last-sign-in}, {@code created}). */
    public void sortBy(String field, boolean descendingOrder) {
        sortField = field == null ? "name" : field;
        descending = descendingOrder;
    }

    /** For tests: the clock "inactive for N days" counts from. */
    void clock(Clock fixed) {
        clock = fixed;
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String value) {
        tenant = value == null ? "" : value.strip();
    }

    public String getTag() {
        return tag;
    }

    /** A tag tenants carry, whatever its case (blank: tenants with or without tags). */
    public void setTag(String value) {
        tag = value == null ? "" : value.strip();
    }

    public String getName() {
        return name;
    }

    public void setName(String value) {
        name = value == null ? "" : value.strip();
    }

    public String getUpn() {
        return upn;
    }

    public void setUpn(String value) {
        upn = value == null ? "" : value.strip();
    }

    public String getState() {
        return state;
    }

    /** {@code active}, {@code deleted}, or empty for both. */
    public void setState(String value) {
        state = UserStore.ACTIVE.equals(value) || UserStore.DELETED.equals(value) ? value : "";
    }

    public String getEnabled() {
        return enabled;
    }

    public void setEnabled(String value) {
        enabled = yesNo(value);
    }

    public String getAdmin() {
        return admin;
    }

    public void setAdmin(String value) {
        admin = yesNo(value);
    }

    public String getMfa() {
        return mfa;
    }

    public void setMfa(String value) {
        mfa = yesNo(value);
    }

    public String getGuest() {
        return guest;
    }

    public void setGuest(String value) {
        guest = yesNo(value);
    }

    public String getLicence() {
        return licence;
    }

    public void setLicence(String value) {
        licence = value == null ? "" : value.strip();
    }

    public Integer getInactiveDays() {
        return inactiveDays;
    }

    /** No sign-in for at least this many days (1 to 3650); null for any. */
    public void setInactiveDays(Integer days) {
        inactiveDays = days == null || days < 1 ? null : Math.min(days, 3650);
    }

    private static String yesNo(String value) {
        String normal = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return YES.equals(normal) || NO.equals(normal) ? normal : ANY;
    }
}
