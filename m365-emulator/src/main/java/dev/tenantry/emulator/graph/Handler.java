package dev.tenantry.emulator.graph;

/** An endpoint's answer to a call that was routed to it and passed its permission check. */
@FunctionalInterface
interface Handler {
    Response handle(Call call);
}
