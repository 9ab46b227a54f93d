package dev.tenantry.emulator.graph;

import java.util.Set;
import java.util.regex.Pattern;

/** An endpoint: what it answers, and who may call it. */
record Route(String method, String template, Pattern pattern, Set<String> delegatedDirectoryRoles, Handler handler) {
}
