package dev.tenantry.portal.plugin.internal;

import dev.tenantry.plugin.api.PluginNotifications;
import dev.tenantry.portal.notify.Notifications;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One plugin's {@link PluginNotifications}: its deliveries carry its id, and it sees only its own, with the reason an
 * attempt failed only when the signed-in member of staff may read the delivery log (never in background work).
 */
final class HostPluginNotifications implements PluginNotifications, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String pluginId;

    HostPluginNotifications(String pluginId) {
        this.pluginId = pluginId;
    }

    @Override
    public String mail(List<String> to, String subject, String text) {
        return notifications().queueMail(pluginId, to, subject, text, requester());
    }

    @Override
    public String secretMail(List<String> to, String subject, String text) {
        return notifications().queueSecretMail(pluginId, to, subject, text, requester());
    }

    @Override
    public String webhook(URI url, String secret, String json) {
        return notifications().queueWebhook(pluginId, url, secret, json, requester());
    }

    @Override
    public URI link(String path) {
        return notifications().link(path);
    }

    @Override
    public Optional<PluginNotifications.Delivery> delivery(String deliveryId) {
        return notifications().findForCaller(deliveryId).filter(delivery -> delivery.pluginId().equals(pluginId))
                .map(HostPluginNotifications::toApi);
    }

    private static PluginNotifications.Delivery toApi(dev.tenantry.portal.notify.Delivery d) {
        return new PluginNotifications.Delivery(d.id(), d.channel(), d.target(), d.state(), d.attempts(),
                d.createdAt(), d.lastAttemptAt(), d.nextAttemptAt(), d.lastError());
    }

    private String requester() {
        return ActingUser.current().orElse("plugin:" + pluginId);
    }

    private static Notifications notifications() {
        return HostBeans.get().notifications();
    }
}
