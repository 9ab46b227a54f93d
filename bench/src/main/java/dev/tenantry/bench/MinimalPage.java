package dev.tenantry.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.primefaces.PrimeFaces;

/**
 * The yardstick of the portal's pages: a web application of one minimal PrimeFaces page (a form, a panel, an input,
 * a button and a ten-row data table, no database, no sign-in) deployed beside the portal on the same server, with
 * the same PrimeFaces jar. Written as an exploded WAR, so the benchmark needs no build step of its own.
 */
final class MinimalPage {

    /** The deployment's name, and its context path without the extension. */
    static final String NAME = "minimal.war";
    /** The page, under the context root {@code /minimal}. */
    static final String PATH = "/minimal/index.xhtml";

    private static final String PAGE = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" xmlns:h="jakarta.faces.html" xmlns:p="primefaces"
                  xmlns:f="jakarta.faces.core">
            <h:head><title>Minimal PrimeFaces page</title></h:head>
            <h:body>
                <h:form id="form">
                    <p:panel id="panel" header="A minimal PrimeFaces page">
                        <p:outputLabel for="name" value="Name"/>
                        <p:inputText id="name"/>
                        <p:commandButton id="save" value="Save" icon="pi pi-check" update="panel"/>
                        <p:dataTable id="rows" var="row" value="#{[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}" rows="10">
                            <p:column headerText="Row">#{row}</p:column>
                            <p:column headerText="Square">#{row * row}</p:column>
                        </p:dataTable>
                    </p:panel>
                </h:form>
            </h:body>
            </html>
            """;

    private static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                <context-param>
                    <param-name>jakarta.faces.PROJECT_STAGE</param-name>
                    <param-value>Production</param-value>
                </context-param>
                <servlet>
                    <servlet-name>faces</servlet-name>
                    <servlet-class>jakarta.faces.webapp.FacesServlet</servlet-class>
                    <load-on-startup>1</load-on-startup>
                </servlet>
                <servlet-mapping>
                    <servlet-name>faces</servlet-name>
                    <url-pattern>*.xhtml</url-pattern>
                </servlet-mapping>
            </web-app>
            """;

    private MinimalPage() {
    }

    /** Writes the exploded WAR into {@code folder}/{@value #NAME}; its path. */
    static Path write(Path folder) throws IOException {
        Path war = folder.resolve(NAME);
        Server.deleteTree(war);
        Files.createDirectories(war.resolve("WEB-INF/lib"));
        Files.writeString(war.resolve("index.xhtml"), PAGE);
        Files.writeString(war.resolve("WEB-INF/web.xml"), WEB_XML);
        Files.writeString(war.resolve("WEB-INF/faces-config.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <faces-config xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0"/>
                """);
        Files.copy(primeFaces(), war.resolve("WEB-INF/lib/primefaces.jar"), StandardCopyOption.REPLACE_EXISTING);
        return war;
    }

    private static Path primeFaces() {
        try {
            return Path.of(PrimeFaces.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot find the PrimeFaces jar", e);
        }
    }
}
