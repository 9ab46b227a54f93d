package dev.tenantry.plugin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConsentCardTest {

    @Test
    void theCardNamesTheTenantTheScopeSetAndTheWayBackEncoded() {
        assertEquals("/consent/required.xhtml?tenant=contoso.example&scopeSet=hello.profile"
                + "&from=%2Fhello%2Findex.xhtml%3Ftenant%3Dcontoso.example%26q%3Da+b",
                ConsentCard.path("contoso.example", "hello.profile", "/hello/index.xhtml?tenant=contoso.example&q=a b"));
    }

    @Test
    void whatIsNotKnownIsLeftOut() {
        assertEquals("/consent/required.xhtml?scopeSet=hello.profile", ConsentCard.path(null, "hello.profile", ""));
        assertEquals("/consent/required.xhtml", ConsentCard.path(null, null, null));
    }

    @Test
    void anActionRedirectsToTheCard() {
        assertEquals("/consent/required.xhtml?tenant=t&scopeSet=s&from=%2Fx.xhtml&faces-redirect=true",
                ConsentCard.redirect("t", "s", "/x.xhtml"));
        assertEquals("/consent/required.xhtml?faces-redirect=true", ConsentCard.redirect(null, null, null));
    }
}
