package dev.tenantry.portal.system;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemInfoTest {

    @TempDir
    Path temp;

    @Test
    void createsTheDataFolderLayoutIncludingMissingParents() {
        Path home = temp.resolve("fresh/home");

        SystemInfo.createLayout(home);

        assertTrue(Files.isDirectory(home.resolve("data")));
        assertTrue(Files.isDirectory(home.resolve("tls")));
    }

    @Test
    void keepsWhatAnExistingDataFolderHolds() throws IOException {
        Path database = Files.createDirectories(temp.resolve("data")).resolve("tenantry.mv.db");
        Files.writeString(database, "kept");

        SystemInfo.createLayout(temp);

        assertTrue(Files.readString(database).equals("kept"));
    }

    @Test
    void saysWhichFolderItCannotCreate() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "");

        UncheckedIOException error = assertThrows(UncheckedIOException.class, () -> SystemInfo.createLayout(file));

        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }
}
