package dev.tenantry.portal.plugin.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serial;
import java.io.Serializable;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a view-scoped plugin model in the view map so that it survives serialisation of the session (passivation, a
 * replicated session in a cluster): the model is written as bytes with the id of its plugin and read back through that
 * plugin's class loader, which the portal's own deserialisation cannot see. When the plugin is no longer running, or
 * its classes changed, the model is dropped and the page starts with a fresh one.
 */
final class PluginModelHolder implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logger.getLogger(PluginModelHolder.class.getName());

    private final String pluginId;

    private transient Object model;

    /** The class loaders of running plugins, by id; replaced in tests. */
    static Function<String, Optional<ClassLoader>> loaders = id -> HostLookup.host().classLoaderOf(id);

    PluginModelHolder(String pluginId, Object model) {
        this.pluginId = pluginId;
        this.model = model;
    }

    String pluginId() {
        return pluginId;
    }

    /** The model, or {@code null} when it could not be brought back. */
    Object model() {
        return model;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        if (!(model instanceof Serializable)) {
            out.writeObject(null);
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream inner = new ObjectOutputStream(bytes)) {
            inner.writeObject(model);
        } catch (NotSerializableException e) {
            LOG.log(Level.WARNING, "The page model {0} of plugin {1} holds something that cannot be serialised ({2});"
                    + " it will start afresh", new Object[] {model.getClass().getName(), pluginId, e.getMessage()});
            out.writeObject(null);
            return;
        }
        out.writeObject(bytes.toByteArray());
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        byte[] bytes = (byte[]) in.readObject();
        Optional<ClassLoader> loader = loaders.apply(pluginId);
        if (bytes == null || loader.isEmpty()) {
            return;
        }
        try (ObjectInputStream inner = new PluginObjectInput(new ByteArrayInputStream(bytes), loader.get())) {
            model = inner.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            LOG.log(Level.INFO, "A page model of plugin {0} could not be read back ({1}); the page starts afresh",
                    new Object[] {pluginId, e.toString()});
            model = null;
        }
    }

    /** Resolves classes through one plugin's class loader. */
    private static final class PluginObjectInput extends ObjectInputStream {

        private final ClassLoader loader;

        PluginObjectInput(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
