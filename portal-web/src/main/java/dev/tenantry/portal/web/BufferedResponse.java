package dev.tenantry.portal.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * A response whose body is held in memory until {@link #finish}, so that headers known only at the end of a request
 * (those of the request statistics filter) still go before it. To the code that writes it, it behaves as the server's response
 * would: it is committed once more is written than the server's buffer holds (counted in characters for a writer),
 * flushed or closed, and from then on status and headers no longer change while {@code reset}, {@code resetBuffer},
 * {@code sendError} and {@code sendRedirect} fail. The character encoding, and whether the writer or the stream was
 * taken, are the server response's own: asking for either asks the server's response for it too, and the held body
 * is written through it at the end.
 *
 * <p>{@code sendError} and {@code sendRedirect} before the commit drop what was held, stamp the headers with the
 * figures so far and go to the server's response, which sends the redirect or error page as ever; everything after
 * goes straight to it.
 */
final class BufferedResponse extends HttpServletResponseWrapper {

    private final Runnable stamp;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CharArrayWriter chars = new CharArrayWriter();
    /** The server response's stream or writer, once the code asked for one; the held body goes through it. */
    private ServletOutputStream stream;
    private PrintWriter writer;
    /** What the code writes to instead. */
    private HeldStream heldStream;
    private PrintWriter heldWriter;
    private boolean committed;
    private boolean closed;
    private boolean passedOn;

    /** Holds the body of {@code response}; {@code stamp} sets the headers on it, just before the body goes. */
    BufferedResponse(HttpServletResponse response, Runnable stamp) {
        super(response);
        this.stamp = stamp;
    }

    /**
     * Stamps the headers and writes the held body to the server's response, after the request's work; after a failure
     * ({@code failed}) only when the response was committed, as the server would have sent it by then: otherwise its
     * error handling answers, as ever. Nothing after {@code sendError} or {@code sendRedirect}.
     */
    void finish(boolean failed) throws IOException {
        if (passedOn || failed && !committed) {
            return;
        }
        stamp.run();
        if (stream != null) {
            bytes.writeTo(stream);
            if (closed) {
                stream.close();
            }
        }
        if (writer != null) {
            chars.writeTo(writer);
            if (closed) {
                writer.close();
            }
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (passedOn) {
            return super.getOutputStream();
        }
        if (heldStream == null) {
            stream = super.getOutputStream();
            heldStream = new HeldStream();
        }
        return heldStream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (passedOn) {
            return super.getWriter();
        }
        if (heldWriter == null) {
            writer = super.getWriter();
            heldWriter = new PrintWriter(new HeldWriter());
        }
        return heldWriter;
    }

    @Override
    public boolean isCommitted() {
        return passedOn ? super.isCommitted() : committed;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (passedOn) {
            super.flushBuffer();
        } else {
            committed = true;
        }
    }

    @Override
    public void setBufferSize(int size) {
        if (!passedOn && (committed || held() > 0)) {
            throw new IllegalStateException("The buffer size cannot change once content has been written");
        }
        super.setBufferSize(size);
    }

    @Override
    public void resetBuffer() {
        if (passedOn) {
            super.resetBuffer();
            return;
        }
        requireUncommitted();
        bytes.reset();
        chars.reset();
    }

    @Override
    public void reset() {
        if (passedOn) {
            super.reset();
            return;
        }
        requireUncommitted();
        bytes.reset();
        chars.reset();
        super.reset();
        stream = null;
        writer = null;
        heldStream = null;
        heldWriter = null;
    }

    @Override
    public void sendError(int status) throws IOException {
        passOn();
        super.sendError(status);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        passOn();
        super.sendError(status, message);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        passOn();
        super.sendRedirect(location);
    }

    @Override
    public void setStatus(int status) {
        if (open()) {
            super.setStatus(status);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (open()) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (open()) {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (open()) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (open()) {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (open()) {
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void addDateHeader(String name, long date) {
        if (open()) {
            super.addDateHeader(name, date);
        }
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (open()) {
            super.addCookie(cookie);
        }
    }

    @Override
    public void setContentType(String type) {
        if (open()) {
            super.setContentType(type);
        }
    }

    @Override
    public void setCharacterEncoding(String charset) {
        if (open()) {
            super.setCharacterEncoding(charset);
        }
    }

    @Override
    public void setLocale(Locale locale) {
        if (open()) {
            super.setLocale(locale);
        }
    }

    @Override
    public void setContentLength(int length) {
        if (open()) {
            super.setContentLength(length);
        }
    }

    @Override
    public void setContentLengthLong(long length) {
        if (open()) {
            super.setContentLengthLong(length);
        }
    }

    /** Whether status and headers may still change, as on the server's response before it is committed. */
    private boolean open() {
        return passedOn || !committed;
    }

    private void requireUncommitted() {
        if (committed) {
            throw new IllegalStateException("The response has already been committed");
        }
    }

    /** Lets a redirect or an error page through to the server's response, which sends it as ever. */
    private void passOn() {
        if (passedOn) {
            return;
        }
        requireUncommitted();
        bytes.reset();
        chars.reset();
        passedOn = true;
        stamp.run();
    }

    private int held() {
        return bytes.size() + chars.size();
    }

    /** The server commits a response once more is written than its buffer holds. */
    private void wrote() {
        if (held() > getBufferSize()) {
            committed = true;
        }
    }

    /** What the code writes bytes to. */
    private final class HeldStream extends ServletOutputStream {

        @Override
        public void write(int b) throws IOException {
            requireOpen();
            bytes.write(b);
            wrote();
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            requireOpen();
            bytes.write(data, offset, length);
            wrote();
        }

        @Override
        public void flush() {
            committed = true;
        }

        @Override
        public void close() {
            closed = true;
            committed = true;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new IllegalStateException("Non-blocking output is not available while requests are measured");
        }

        private void requireOpen() throws IOException {
            if (closed) {
                throw new IOException("The response's output stream is closed");
            }
        }
    }

    /** What the code writes characters to, through a {@link PrintWriter}. */
    private final class HeldWriter extends Writer {

        @Override
        public void write(char[] text, int offset, int length) {
            chars.write(text, offset, length);
            wrote();
        }

        @Override
        public void flush() {
            committed = true;
        }

        @Override
        public void close() {
            closed = true;
            committed = true;
        }
    }
}
