package dev.tenantry.portal.plugin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A view-scoped plugin model survives a serialised session only through its plugin's class loader. */
class PluginModelHolderTest {

    /** A page model as a plugin would have it. */
    public static class CounterModel implements Serializable {
        private static final long serialVersionUID = 1L;
        public int count;
        public transient Object hostService = new Object();
    }

    /** A model holding something that cannot be serialised. */
    public static class LeakyModel implements Serializable {
        private static final long serialVersionUID = 1L;
        public Object notSerializable = new Object();
    }

    /** Defines {@link CounterModel} itself, as a plugin's class loader defines the plugin's classes. */
    static final class PluginLoader extends ClassLoader {
        PluginLoader() {
            super(PluginModelHolderTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(CounterModel.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return loaded;
            }
        }
    }

    private final Function<String, Optional<ClassLoader>> original = PluginModelHolder.loaders;

    @AfterEach
    void restore() {
        PluginModelHolder.loaders = original;
    }

    @Test
    void aModelComesBackThroughItsPluginsClassLoader() throws Exception {
        PluginLoader plugin = new PluginLoader();
        PluginModelHolder.loaders = id -> "counter".equals(id) ? Optional.of(plugin) : Optional.empty();
        Class<?> type = plugin.loadClass(CounterModel.class.getName());
        Object model = type.getDeclaredConstructor().newInstance();
        type.getField("count").setInt(model, 7);

        PluginModelHolder back = roundTrip(new PluginModelHolder("counter", model));

        assertNotNull(back.model());
        assertSame(plugin, back.model().getClass().getClassLoader(), "the plugin's class, not the portal's");
        assertEquals(7, type.getField("count").getInt(back.model()));
        assertNull(type.getField("hostService").get(back.model()), "host services are filled again by the host");
    }

    @Test
    void aModelOfAPluginThatStoppedStartsAfresh() throws Exception {
        PluginLoader plugin = new PluginLoader();
        PluginModelHolder.loaders = id -> Optional.of(plugin);
        Object model = plugin.loadClass(CounterModel.class.getName()).getDeclaredConstructor().newInstance();
        byte[] session = write(new PluginModelHolder("counter", model));

        PluginModelHolder.loaders = id -> Optional.empty();
        PluginModelHolder back = read(session);

        assertEquals("counter", back.pluginId());
        assertNull(back.model());
    }

    @Test
    void aModelThatCannotBeSerialisedDoesNotBreakTheSession() throws Exception {
        PluginModelHolder.loaders = id -> Optional.of(getClass().getClassLoader());

        PluginModelHolder back = roundTrip(new PluginModelHolder("leaky", new LeakyModel()));

        assertNull(back.model());
    }

    private static PluginModelHolder roundTrip(PluginModelHolder holder) throws Exception {
        return read(write(holder));
    }

    private static byte[] write(PluginModelHolder holder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(holder);
        }
        return bytes.toByteArray();
    }

    private static PluginModelHolder read(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (PluginModelHolder) in.readObject();
        }
    }
}
