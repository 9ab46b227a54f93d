package dev.tenantry.plugins.usermanagement.directory;

import com.microsoft.kiota.serialization.AdditionalDataHolder;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParseNode;
import com.microsoft.kiota.serialization.SerializationWriter;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A user as the sync reads them: the properties it asks for with {@code $select} ({@link DirectorySync#SELECT}, and
 * {@code signInActivity}, {@code deletedDateTime}), read by the Graph SDK's own JSON parse node into a Kiota model of
 * that projection. The SDK's {@link com.microsoft.graph.models.User} knows some 140 properties and keeps them in a
 * change-tracking backing store: parsing a page of 999 of them into it was about half the sync's processor time, for
 * the dozen properties read; its pages are {@link ProjectionPage}s. Anything else Microsoft sends (delta's
 * {@code @removed}) lands in {@link #getAdditionalData()}, as in the SDK's models. Read only: the sync never writes it
 * back.
 */
public final class SyncedUser implements Parsable, AdditionalDataHolder {

    private final Map<String, Object> additionalData = new HashMap<>();
    private String id;
    private String displayName;
    private String userPrincipalName;
    private String mail;
    private Boolean accountEnabled;
    private String userType;
    private String department;
    private String jobTitle;
    private String usageLocation;
    private OffsetDateTime createdDateTime;
    private List<Licence> assignedLicenses;
    private Activity signInActivity;
    private Boolean onPremisesSyncEnabled;
    private OffsetDateTime deletedDateTime;

    public static SyncedUser create(ParseNode node) {
        Objects.requireNonNull(node, "node");
        return new SyncedUser();
    }

    @Override
    public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
        Map<String, Consumer<ParseNode>> fields = new HashMap<>(32);
        fields.put("id", node -> id = node.getStringValue());
        fields.put("displayName", node -> displayName = node.getStringValue());
        fields.put("userPrincipalName", node -> userPrincipalName = node.getStringValue());
        fields.put("mail", node -> mail = node.getStringValue());
        fields.put("accountEnabled", node -> accountEnabled = node.getBooleanValue());
        fields.put("userType", node -> userType = node.getStringValue());
        fields.put("department", node -> department = node.getStringValue());
        fields.put("jobTitle", node -> jobTitle = node.getStringValue());
        fields.put("usageLocation", node -> usageLocation = node.getStringValue());
        fields.put("createdDateTime", node -> createdDateTime = node.getOffsetDateTimeValue());
        fields.put("assignedLicenses", node -> assignedLicenses = node.getCollectionOfObjectValues(Licence::create));
        fields.put("signInActivity", node -> signInActivity = node.getObjectValue(Activity::create));
        fields.put("onPremisesSyncEnabled", node -> onPremisesSyncEnabled = node.getBooleanValue());
        fields.put("deletedDateTime", node -> deletedDateTime = node.getOffsetDateTimeValue());
        return fields;
    }

    @Override
    public void serialize(SerializationWriter writer) {
        throw new UnsupportedOperationException("A synced user is read, never sent");
    }

    @Override
    public Map<String, Object> getAdditionalData() {
        return additionalData;
    }

    public String getId() {
        return id;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getUserPrincipalName() {
        return userPrincipalName;
    }

    public String getMail() {
        return mail;
    }

    public Boolean getAccountEnabled() {
        return accountEnabled;
    }

    public String getUserType() {
        return userType;
    }

    public String getDepartment() {
        return department;
    }

    public String getJobTitle() {
        return jobTitle;
    }

    public String getUsageLocation() {
        return usageLocation;
    }

    public OffsetDateTime getCreatedDateTime() {
        return createdDateTime;
    }

    /** The licences assigned, null when the answer did not carry them (a delta change that left them alone). */
    public List<Licence> getAssignedLicenses() {
        return assignedLicenses;
    }

    public Activity getSignInActivity() {
        return signInActivity;
    }

    public Boolean getOnPremisesSyncEnabled() {
        return onPremisesSyncEnabled;
    }

    public OffsetDateTime getDeletedDateTime() {
        return deletedDateTime;
    }

    /** An assigned licence: its SKU's id (the disabled plans are not read). */
    public static final class Licence implements Parsable {

        private String skuId;

        public static Licence create(ParseNode node) {
            Objects.requireNonNull(node, "node");
            return new Licence();
        }

        @Override
        public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
            return Map.of("skuId", node -> skuId = String.valueOf(node.getUUIDValue()));
        }

        @Override
        public void serialize(SerializationWriter writer) {
            throw new UnsupportedOperationException("A synced licence is read, never sent");
        }

        public String getSkuId() {
            return skuId;
        }
    }

    /** {@code signInActivity}: the last interactive and non-interactive sign-ins. */
    public static final class Activity implements Parsable {

        private OffsetDateTime lastSignInDateTime;
        private OffsetDateTime lastNonInteractiveSignInDateTime;

        public static Activity create(ParseNode node) {
            Objects.requireNonNull(node, "node");
            return new Activity();
        }

        @Override
        public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
            return Map.of("lastSignInDateTime", node -> lastSignInDateTime = node.getOffsetDateTimeValue(),
                    "lastNonInteractiveSignInDateTime", node -> lastNonInteractiveSignInDateTime = node
                            .getOffsetDateTimeValue());
        }

        @Override
        public void serialize(SerializationWriter writer) {
            throw new UnsupportedOperationException("Sign-in activity is read, never sent");
        }

        public OffsetDateTime getLastSignInDateTime() {
            return lastSignInDateTime;
        }

        public OffsetDateTime getLastNonInteractiveSignInDateTime() {
            return lastNonInteractiveSignInDateTime;
        }
    }
}
