package dev.tenantry.plugin.api;

import org.pf4j.ExtensionPoint;

/**
 * A backing object of a plugin's pages: annotate the class {@code @org.pf4j.Extension} and {@link Model}, and its
 * pages reach it in EL by the model's name ({@code #{helloGreeting.count}}). The host creates one per request or per
 * view, as the model says, and fills its {@link HostService} fields first. A view model must be
 * {@link java.io.Serializable}: it lives in the view's state across postbacks.
 */
public interface PageModel extends ExtensionPoint {
}
