package dev.tenantry.emulator.graph;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An endpoint: what it answers, and who may call it. {@code objectType} names the type of the object a call addresses
 * when the endpoint's permissions depend on it (deleted items: a user or a group); it gives nothing for most endpoints.
 */
record Route(String method, String template, Pattern pattern, Set<String> delegatedDirectoryRoles,
        Function<Call, Optional<String>> objectType, Handler handler) {
}
