package dev.tenantry.portal.web;

/**
 * Switches the portal's request statistics on and off from a test inside the server, through the filter's
 * package-private switch: the configuration is read once at start, and a test should not leave it on for others.
 */
public final class RequestStatisticsSwitch {

    private RequestStatisticsSwitch() {
    }

    /** Measures the requests that start from now on ({@code true}), or none of them. */
    public static void turn(boolean on) {
        RequestStatisticsFilter.activate(on);
    }
}
