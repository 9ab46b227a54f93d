package dev.tenantry.plugins.teamsgovernance.catalog;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A template of the catalog: what a team made from it is, for one tenant or MSP-wide ({@code tenantId} null).
 * Each change makes a new version; a request keeps the version it was made from.
 *
 * @param baseTemplate   Microsoft's team template it starts from ({@code standard}, or one of Microsoft's own such as
 *                       {@code com.microsoft.teams.template.ManageAProject})
 * @param visibility     public or private
 * @param channels       channels besides General; standard ones are made with the team, private and shared ones after
 * @param apps           Teams apps of the tenant's catalog installed in the team when it is made
 * @param guestsAllowed  whether a request may name guests (users of another organisation) as members
 * @param minOwners      owners a request must name (at least one; Microsoft recommends two)
 * @param labelId        the sensitivity label applied to the team's group (a tenant's template only); empty for none
 * @param expiryDays     days after which the team is offered for renewal to its owners; 0 for none
 * @param approvers      MSP (Teams Administrators approve in Tenantry) or the addresses of the customer's approvers
 */
public record TeamTemplate(String id, String tenantId, int version, String name, String description,
        String baseTemplate, String visibility, List<ChannelSpec> channels, List<AppSpec> apps,
        MemberSettings memberSettings,
        GuestSettings guestSettings, boolean guestsAllowed, NamingPolicy naming, int minOwners, String labelId,
        String labelName, int expiryDays, List<String> approvers, boolean retired, String changedBy,
        Instant changedAt) implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Microsoft's base templates offered as a start (teamTemplates is a beta API; these ids are v1.0's). */
    public static final List<String> BASE_TEMPLATES = List.of("standard",
            "com.microsoft.teams.template.ManageAProject", "com.microsoft.teams.template.ManageAnEvent",
            "com.microsoft.teams.template.OnboardEmployees", "com.microsoft.teams.template.AdoptOffice365",
            "com.microsoft.teams.template.OrganizeHelpDesk", "com.microsoft.teams.template.CoordinateIncidentResponse");

    public TeamTemplate {
        channels = channels == null ? List.of() : List.copyOf(channels);
        apps = apps == null ? List.of() : List.copyOf(apps);
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
        naming = naming == null ? NamingPolicy.none() : naming;
        labelId = labelId == null ? "" : labelId;
        labelName = labelName == null ? "" : labelName;
        memberSettings = memberSettings == null ? MemberSettings.defaults() : memberSettings;
        guestSettings = guestSettings == null ? GuestSettings.defaults() : guestSettings;
    }

    public boolean mspWide() {
        return tenantId == null;
    }

    /** Whether the customer's own approvers decide (by mail) rather than MSP staff. */
    public boolean customerApproves() {
        return !approvers.isEmpty();
    }

    /** A channel of the template. */
    public record ChannelSpec(String name, String description, String kind, List<TabSpec> tabs)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        public ChannelSpec {
            kind = kind == null || kind.isBlank() ? "standard" : kind;
            tabs = tabs == null ? List.of() : List.copyOf(tabs);
        }

        public boolean standard() {
            return "standard".equals(kind);
        }
    }

    /** A Teams app of the tenant's catalog, by its catalog id. */
    public record AppSpec(String id, String name) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A website tab of a standard channel: Microsoft's Website app showing {@code url}. */
    public record TabSpec(String name, String url) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What members may do in the team. */
    public record MemberSettings(boolean createUpdateChannels, boolean createPrivateChannels, boolean deleteChannels,
            boolean addRemoveApps, boolean createUpdateRemoveTabs) implements Serializable {
        private static final long serialVersionUID = 1L;

        public static MemberSettings defaults() {
            return new MemberSettings(true, true, false, false, true);
        }
    }

    /** What guests may do in the team. */
    public record GuestSettings(boolean createUpdateChannels, boolean deleteChannels) implements Serializable {
        private static final long serialVersionUID = 1L;

        public static GuestSettings defaults() {
            return new GuestSettings(false, false);
        }
    }

    /** Why the template cannot be kept as it is, if it cannot. */
    public Optional<String> refusal() {
        if (name == null || name.isBlank()) {
            return Optional.of("Name the template.");
        }
        if (!BASE_TEMPLATES.contains(baseTemplate)) {
            return Optional.of("Start from one of Microsoft's team templates.");
        }
        if (!"public".equals(visibility) && !"private".equals(visibility)) {
            return Optional.of("A team is public or private.");
        }
        if (minOwners < 1 || minOwners > 10) {
            return Optional.of("A team made from the template has 1 to 10 owners named by the request.");
        }
        if (mspWide() && !labelId.isEmpty()) {
            return Optional.of("An MSP-wide template cannot apply a sensitivity label: labels are each tenant's own.");
        }
        if (expiryDays < 0 || expiryDays > 3650) {
            return Optional.of("Expiry is 0 (none) to 3650 days.");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        names.add("general");
        for (ChannelSpec channel : channels) {
            if (channel.name() == null || channel.name().isBlank() || channel.name().length() > 50
                    || channel.name().matches(".*[~#%&*{}+/\\\\:<>?|'\"].*")) {
                return Optional.of("A channel's name is 1 to 50 characters, without ~ # % & * { } + / \\ : < > ? | "
                        + "' \"");
            }
            if (!names.add(channel.name().strip().toLowerCase(java.util.Locale.ROOT))) {
                return Optional.of("The template names the channel " + channel.name() + " twice (or General).");
            }
            if (!List.of("standard", "private", "shared").contains(channel.kind())) {
                return Optional.of("A channel is standard, private or shared.");
            }
            if (!channel.standard() && !channel.tabs().isEmpty()) {
                return Optional.of("Tabs are added to standard channels, which are made with the team.");
            }
            for (TabSpec tab : channel.tabs()) {
                if (tab.name() == null || tab.name().isBlank() || tab.url() == null
                        || !tab.url().startsWith("https://")) {
                    return Optional.of("A tab has a name and an https address.");
                }
            }
        }
        for (String approver : approvers) {
            if (!approver.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                return Optional.of("An approver is a mail address: " + approver);
            }
        }
        return naming.refusal("x").filter(problem -> problem.contains("longer"));
    }
}
