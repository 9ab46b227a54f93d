package dev.tenantry.portal.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A server's response as far as the filter's tests need one: a small buffer that is sent (committed) when full or
 * flushed, status and headers that no longer change once sent, one of writer or stream, and an error page and a
 * redirect sent as a server sends them. {@link #complete} is what the server does after the filters.
 */
final class ServerResponse implements HttpServletResponse {

    static final int BUFFER_SIZE = 64;

    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private Map<String, List<String>> sentHeaders;
    private int status = SC_OK;
    private int sentStatus;
    private String contentType;
    private String characterEncoding;
    private ServletOutputStream stream;
    private PrintWriter writer;
    private boolean committed;

    /** Ends the response as the server does once the filters returned: whatever is still buffered goes. */
    void complete() {
        if (writer != null) {
            writer.flush();
        }
        commit();
    }

    /** The status as sent. */
    int sentStatus() {
        return sentStatus;
    }

    /** A header's value as sent, {@code null} when it was not. */
    String sentHeader(String name) {
        List<String> values = sentHeaders == null ? null : sentHeaders.get(name);
        return values == null ? null : values.get(0);
    }

    /** The body as sent. */
    byte[] sentBody() {
        return sent.toByteArray();
    }

    String sentText() {
        return sent.toString(StandardCharsets.UTF_8);
    }

    private void commit() {
        if (!committed) {
            committed = true;
            sentStatus = status;
            sentHeaders = new LinkedHashMap<>();
            headers.forEach((name, values) -> sentHeaders.put(name, List.copyOf(values)));
        }
        sent.writeBytes(buffer.toByteArray());
        buffer.reset();
    }

    private void requireUncommitted() {
        if (committed) {
            throw new IllegalStateException("committed");
        }
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was called");
        }
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    buffer.write(b);
                    if (buffer.size() > BUFFER_SIZE) {
                        commit();
                    }
                }

                @Override
                public void flush() {
                    commit();
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (stream != null && writer == null) {
            throw new IllegalStateException("getOutputStream() was called");
        }
        if (writer == null) {
            if (characterEncoding == null) {
                characterEncoding = StandardCharsets.ISO_8859_1.name();
            }
            writer = new PrintWriter(new OutputStreamWriter(getOutputStreamForWriter(),
                    Charset.forName(characterEncoding)));
        }
        return writer;
    }

    private ServletOutputStream getOutputStreamForWriter() {
        ServletOutputStream out = getOutputStream();
        stream = out;
        return out;
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        requireUncommitted();
        buffer.reset();
        status = sc;
        buffer.writeBytes(("error page " + sc).getBytes(StandardCharsets.UTF_8));
        commit();
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location) {
        requireUncommitted();
        buffer.reset();
        status = SC_FOUND;
        setHeader("Location", location);
        commit();
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void flushBuffer() {
        complete();
    }

    @Override
    public void resetBuffer() {
        requireUncommitted();
        buffer.reset();
    }

    @Override
    public void reset() {
        requireUncommitted();
        buffer.reset();
        headers.clear();
        status = SC_OK;
        stream = null;
        writer = null;
    }

    @Override
    public void setBufferSize(int size) {
    }

    @Override
    public int getBufferSize() {
        return BUFFER_SIZE;
    }

    @Override
    public void setHeader(String name, String value) {
        if (!committed) {
            headers.put(name, new ArrayList<>(List.of(value)));
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!committed) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, Long.toString(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, Long.toString(date));
    }

    @Override
    public void addCookie(Cookie cookie) {
        addHeader("Set-Cookie", cookie.getName() + "=" + cookie.getValue());
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(name);
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public Collection<String> getHeaderNames() {
        return headers.keySet();
    }

    @Override
    public void setStatus(int sc) {
        if (!committed) {
            status = sc;
        }
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setContentType(String type) {
        if (committed) {
            return;
        }
        contentType = type;
        int charset = type == null ? -1 : type.indexOf("charset=");
        if (charset >= 0 && writer == null) {
            characterEncoding = type.substring(charset + "charset=".length());
        }
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public void setCharacterEncoding(String charset) {
        if (!committed && writer == null) {
            characterEncoding = charset;
        }
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding == null ? StandardCharsets.ISO_8859_1.name() : characterEncoding;
    }

    @Override
    public void setContentLength(int len) {
        setIntHeader("Content-Length", len);
    }

    @Override
    public void setContentLengthLong(long len) {
        setHeader("Content-Length", Long.toString(len));
    }

    @Override
    public void setLocale(Locale loc) {
    }

    @Override
    public Locale getLocale() {
        return Locale.ENGLISH;
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }
}
