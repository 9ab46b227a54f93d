package dev.tenantry.emulator.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's Microsoft Teams state, kept beside its groups: each team is a Microsoft 365 group of the tenant with its
 * own properties (settings, archived), channels (standard, private, shared; a private or shared channel has members of
 * its own), tabs, installed apps, and the asynchronous operations that create, archive and unarchive it. A team's
 * members and owners are its group's. Read and changed through {@link Teams}, under the {@link Directory}'s lock.
 */
final class TeamsState {

    /** A team's own properties, by team id (its group's id). */
    final Map<String, ObjectNode> teams = new LinkedHashMap<>();
    /** Channels by team id, then channel id, in creation order (the General channel first). */
    final Map<String, Map<String, ObjectNode>> channels = new LinkedHashMap<>();
    /** The members of private and shared channels by channel id: user id to roles. */
    final Map<String, Map<String, List<String>>> channelMembers = new LinkedHashMap<>();
    /** Tabs by channel id. */
    final Map<String, List<ObjectNode>> tabs = new LinkedHashMap<>();
    /** Installed apps by team id: app id to the installation's id. */
    final Map<String, Map<String, String>> installedApps = new LinkedHashMap<>();
    /** Asynchronous operations by id (a team being created is not in {@link #teams} until its operation is done). */
    final Map<String, Teams.Operation> operations = new LinkedHashMap<>();
    /** The operations not done yet, in the order they were started: all that settling the tenant has to look at. */
    final List<Teams.Operation> pending = new ArrayList<>();
}
