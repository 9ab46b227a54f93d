package dev.tenantry.plugins.secure.deploy;

import com.microsoft.graph.models.ConditionalAccessApplications;
import com.microsoft.graph.models.ConditionalAccessClientApp;
import com.microsoft.graph.models.ConditionalAccessConditionSet;
import com.microsoft.graph.models.ConditionalAccessGrantControl;
import com.microsoft.graph.models.ConditionalAccessGrantControls;
import com.microsoft.graph.models.ConditionalAccessPolicy;
import com.microsoft.graph.models.ConditionalAccessPolicyState;
import com.microsoft.graph.models.ConditionalAccessUsers;
import com.microsoft.kiota.serialization.JsonSerializationWriter;
import dev.tenantry.plugins.secure.posture.PostureChecks;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Conditional Access policies Tenantry deploys, after Microsoft's templates "Require multifactor authentication
 * for admins" and "… for all users": every cloud app, every client app type, MFA as the grant control, and the
 * tenant's "Tenantry — do not modify" group of break-glass accounts excluded. Nothing else is excluded or included.
 */
public enum PolicyTemplates {

    /** MFA for every privileged directory role the admin-mfa check looks for. */
    ADMIN_MFA("admin-mfa", "Tenantry: require MFA for administrators"),
    /** MFA for all users. */
    USER_MFA("user-mfa", "Tenantry: require MFA for all users");

    /** The exclusion group's name; its description asks people to leave it alone. */
    public static final String GROUP_NAME = "Tenantry — do not modify";
    public static final String GROUP_NICKNAME = "tenantry-do-not-modify";
    public static final String GROUP_DESCRIPTION = "Break-glass (emergency access) accounts excluded from the "
            + "Conditional Access policies Tenantry deploys. Add your break-glass accounts here; do not delete this "
            + "group or add other users.";

    private final String id;
    private final String displayName;

    PolicyTemplates(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public static Optional<PolicyTemplates> of(String id) {
        return Arrays.stream(values()).filter(template -> template.id.equals(id)).findFirst();
    }

    /** The check the policy makes pass once it is on (same id). */
    public String checkId() {
        return id;
    }

    /** The policy in {@code state}, excluding {@code exclusionGroupId}. */
    public ConditionalAccessPolicy policy(ConditionalAccessPolicyState state, String exclusionGroupId) {
        ConditionalAccessUsers users = new ConditionalAccessUsers();
        if (this == ADMIN_MFA) {
            users.setIncludeRoles(new ArrayList<>(PostureChecks.privilegedRoles().keySet().stream().sorted().toList()));
        } else {
            users.setIncludeUsers(new ArrayList<>(List.of("All")));
        }
        users.setExcludeGroups(new ArrayList<>(List.of(exclusionGroupId)));
        ConditionalAccessApplications applications = new ConditionalAccessApplications();
        applications.setIncludeApplications(new ArrayList<>(List.of("All")));
        ConditionalAccessConditionSet conditions = new ConditionalAccessConditionSet();
        conditions.setUsers(users);
        conditions.setApplications(applications);
        conditions.setClientAppTypes(new ArrayList<>(List.of(ConditionalAccessClientApp.All)));
        ConditionalAccessGrantControls grant = new ConditionalAccessGrantControls();
        grant.setOperator("OR");
        grant.setBuiltInControls(new ArrayList<>(List.of(ConditionalAccessGrantControl.Mfa)));
        ConditionalAccessPolicy policy = new ConditionalAccessPolicy();
        policy.setDisplayName(displayName);
        policy.setState(state);
        policy.setConditions(conditions);
        policy.setGrantControls(grant);
        return policy;
    }

    /** The JSON Microsoft Graph receives for {@code policy}, indented for people to read. */
    public static String json(ConditionalAccessPolicy policy) {
        JsonSerializationWriter writer = new JsonSerializationWriter();
        writer.writeObjectValue(null, policy);
        String compact;
        try (InputStream content = writer.getSerializedContent()) {
            compact = new String(content.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Could not serialise the policy", e);
        }
        JsonObject object = Json.createReader(new StringReader(compact)).readObject();
        StringWriter pretty = new StringWriter();
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(pretty).write(object);
        return pretty.toString().strip();
    }
}
