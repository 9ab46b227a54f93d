package dev.tenantry.portal.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tenantry.portal.persistence.StatementCounter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestStatisticsFilterTest {

    private static final String TIMING = "app;dur=\\d+\\.\\d";
    /** Longer than the server's buffer: the server would have committed the response while it was written. */
    private static final String PAGE = "<!DOCTYPE html><html><body><h1>Tenants</h1><p>Zürich, Café Müller — naïve "
            + "résumé</p></body></html>";

    private final StatementCounter hibernate = new StatementCounter();
    private final ServerResponse server = new ServerResponse();

    @AfterEach
    void switchOff() {
        RequestStatisticsFilter.activate(false);
    }

    @Test
    void thePageWrittenWithAWriterArrivesWholeAfterItsStatementsAndTime() throws Exception {
        run(response -> {
            hibernate.inspect("select count(t) from tenant t");
            response.setContentType("text/html;charset=UTF-8");
            hibernate.inspect("select t from tenant t");
            PrintWriter out = response.getWriter();
            out.write(PAGE);
            hibernate.inspect("select r from role_assignment r");
        });

        assertEquals("3", server.sentHeader(RequestStatisticsFilter.STATEMENTS));
        assertTrue(server.sentHeader(RequestStatisticsFilter.TIMING).matches(TIMING),
                server.sentHeader(RequestStatisticsFilter.TIMING));
        assertEquals(PAGE, server.sentText());
        assertEquals(200, server.sentStatus());
    }

    @Test
    void aBodyWrittenToTheStreamArrivesByteForByte() throws Exception {
        byte[] download = new byte[1000];
        for (int i = 0; i < download.length; i++) {
            download[i] = (byte) i;
        }
        run(response -> {
            response.setContentType("application/octet-stream");
            response.setContentLength(download.length);
            response.getOutputStream().write(download, 0, 10);
            response.getOutputStream().write(download, 10, download.length - 10);
        });

        assertArrayEquals(download, server.sentBody());
        assertEquals("0", server.sentHeader(RequestStatisticsFilter.STATEMENTS));
        assertEquals("1000", server.sentHeader("Content-Length"));
    }

    @Test
    void theWriterKeepsTheEncodingTheServerFixedWhenItWasTaken() throws Exception {
        run(response -> {
            response.setCharacterEncoding("UTF-8");
            PrintWriter out = response.getWriter();
            response.setCharacterEncoding("ISO-8859-1");
            out.write("Zürich");
        });

        assertEquals("Zürich", server.sentText());
    }

    @Test
    void aRedirectGoesOutAsTheServerSendsItWithTheFiguresSoFar() throws Exception {
        run(response -> {
            hibernate.inspect("insert into audit_event values (?)");
            response.getWriter().write("nothing of this is sent");
            response.sendRedirect("/tenants/");
            hibernate.inspect("select 1");
            assertTrue(response.isCommitted());
        });

        assertEquals(302, server.sentStatus());
        assertEquals("/tenants/", server.sentHeader("Location"));
        assertEquals("", server.sentText());
        assertEquals("1", server.sentHeader(RequestStatisticsFilter.STATEMENTS));
    }

    @Test
    void anErrorGetsTheServersErrorPageAsEver() throws Exception {
        run(response -> {
            response.setHeader("Retry-After", "30");
            response.getWriter().write("half a page");
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        });

        assertEquals(503, server.sentStatus());
        assertEquals("error page 503", server.sentText());
        assertEquals("30", server.sentHeader("Retry-After"));
        assertEquals("0", server.sentHeader(RequestStatisticsFilter.STATEMENTS));
    }

    @Test
    void theResponseIsCommittedForItsCodeWhenTheServersWouldBe() throws Exception {
        run(response -> {
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write("short");
            assertFalse(response.isCommitted());
            response.getWriter().write(PAGE);
            assertTrue(response.isCommitted(), "more than the buffer holds");
            response.setHeader("X-Late", "too late");
            response.setStatus(500);
            assertThrows(IllegalStateException.class, () -> response.sendError(404));
            assertThrows(IllegalStateException.class, response::reset);
        });

        assertEquals(200, server.sentStatus());
        assertNull(server.sentHeader("X-Late"));
        assertEquals("short" + PAGE, server.sentText());
        assertTrue(server.sentHeader(RequestStatisticsFilter.TIMING).matches(TIMING));
    }

    @Test
    void aFlushCommitsAsItWouldAndTheBodyStillFollowsTheFigures() throws Exception {
        run(response -> {
            response.getOutputStream().write('a');
            response.flushBuffer();
            assertTrue(response.isCommitted());
            hibernate.inspect("select 1");
            response.getOutputStream().write('b');
        });

        assertEquals("ab", server.sentText());
        assertEquals("1", server.sentHeader(RequestStatisticsFilter.STATEMENTS));
    }

    @Test
    void resetForgetsWhatWasWrittenAndWhetherWriterOrStreamWasTaken() throws Exception {
        run(response -> {
            response.getWriter().write("first try");
            response.setHeader("X-First", "1");
            response.reset();
            response.getOutputStream().write("second".getBytes(StandardCharsets.UTF_8));
        });

        assertEquals("second", server.sentText());
        assertNull(server.sentHeader("X-First"));
    }

    @Test
    void writerAfterStreamFailsAsOnTheServer() {
        RequestStatisticsFilter.activate(true);

        assertThrows(IllegalStateException.class, () -> new RequestStatisticsFilter().doFilter(request(), server,
                chain(response -> {
                    response.getOutputStream();
                    response.getWriter();
                })));
    }

    @Test
    void aFailureBeforeTheCommitLeavesTheResponseToTheServersErrorHandling() {
        RequestStatisticsFilter.activate(true);
        IllegalStateException bug = new IllegalStateException("a bug");

        assertSame(bug, assertThrows(IllegalStateException.class, () -> new RequestStatisticsFilter()
                .doFilter(request(), server, chain(response -> {
                    response.getWriter().write("half a page");
                    throw bug;
                }))));
        assertFalse(server.isCommitted());
        assertNull(server.getHeader(RequestStatisticsFilter.STATEMENTS));
    }

    @Test
    void aFailureAfterTheCommitSendsWhatTheServerWouldHaveSent() {
        RequestStatisticsFilter.activate(true);
        ServletException failure = new ServletException("late");

        assertSame(failure, assertThrows(ServletException.class, () -> new RequestStatisticsFilter()
                .doFilter(request(), server, chain(response -> {
                    response.setCharacterEncoding("UTF-8");
                    response.getWriter().write(PAGE);
                    throw failure;
                }))));
        server.complete();
        assertEquals(PAGE, server.sentText());
        assertEquals("0", server.sentHeader(RequestStatisticsFilter.STATEMENTS));
    }

    @Test
    void offTheResponseGoesThroughUntouched() throws Exception {
        AtomicReference<ServletResponse> seen = new AtomicReference<>();
        new RequestStatisticsFilter().doFilter(request(), server, chain(response -> {
            seen.set(response);
            hibernate.inspect("select 1");
            response.getWriter().write("page");
        }));
        server.complete();

        assertSame(server, seen.get());
        assertNull(server.sentHeader(RequestStatisticsFilter.STATEMENTS));
        assertNull(server.sentHeader(RequestStatisticsFilter.TIMING));
        assertEquals("page", server.sentText());
    }

    @Test
    void theConfigurationSwitchesItOnWhenTheFilterStarts() throws Exception {
        RequestStatisticsFilter filter = new RequestStatisticsFilter();
        filter.configured = true;
        filter.init();

        filter.doFilter(request(), server, chain(response -> response.getWriter().write("page")));
        server.complete();

        assertEquals("0", server.sentHeader(RequestStatisticsFilter.STATEMENTS));
    }

    /** Runs {@code chain} through the filter switched on, and ends the response as the server does. */
    private void run(Servlet servlet) throws IOException, ServletException {
        RequestStatisticsFilter.activate(true);
        new RequestStatisticsFilter().doFilter(request(), server, chain(servlet));
        server.complete();
    }

    /** What the servlet at the end of the chain does with the response. */
    @FunctionalInterface
    private interface Servlet {
        void serve(HttpServletResponse response) throws IOException, ServletException;
    }

    private static FilterChain chain(Servlet servlet) {
        return (request, response) -> servlet.serve((HttpServletResponse) response);
    }

    private static HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestStatisticsFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> "/tenants/index.xhtml";
                    default -> null;
                });
    }
}

