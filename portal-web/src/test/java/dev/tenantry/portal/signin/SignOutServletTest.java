package dev.tenantry.portal.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SignOutServletTest {

    @Test
    void theSignedOutPageIsBesideTheConfiguredRedirectUriWhateverHostTheRequestNamed() {
        assertEquals("https://portal.northwind-msp.example/auth/signed-out.xhtml",
                SignOutServlet.signedOut("https://portal.northwind-msp.example/auth/callback"));
        assertEquals("https://msp.example/tenantry/auth/signed-out.xhtml",
                SignOutServlet.signedOut("https://msp.example/tenantry/auth/callback"));
    }
}
