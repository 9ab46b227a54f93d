package dev.tenantry.plugins.usermanagement.directory;

import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParseNode;
import com.microsoft.kiota.serialization.SerializationWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A user's MFA registration as the sync reads it from the registration report
 * ({@code reports/authenticationMethods/userRegistrationDetails}): whether they registered a second factor, and which
 * methods. A Kiota model of only what is stored, for the reason {@link SyncedUser} gives; the report's other
 * properties are left unread.
 */
public final class SyncedRegistration implements Parsable {

    private String id;
    private Boolean isMfaRegistered;
    private List<String> methodsRegistered;

    public static SyncedRegistration create(ParseNode node) {
        Objects.requireNonNull(node, "node");
        return new SyncedRegistration();
    }

    @Override
    public Map<String, Consumer<ParseNode>> getFieldDeserializers() {
        return Map.of("id", node -> id = node.getStringValue(),
                "isMfaRegistered", node -> isMfaRegistered = node.getBooleanValue(),
                "methodsRegistered", node -> methodsRegistered = node.getCollectionOfPrimitiveValues(String.class));
    }

    @Override
    public void serialize(SerializationWriter writer) {
        throw new UnsupportedOperationException("A registration is read, never sent");
    }

    /** The user's id. */
    public String getId() {
        return id;
    }

    public Boolean getIsMfaRegistered() {
        return isMfaRegistered;
    }

    public List<String> getMethodsRegistered() {
        return methodsRegistered;
    }
}
