package book.ch03.resume.upload;

/**
 * The wire names the upload server and its client share, in one place so the two halves
 * cannot drift apart: the tus version both speak, the media type of a chunk, and this book's
 * addition to tus, the header carrying the SHA-256 of the bytes the server holds.
 */
public final class UploadProtocol {

    /** The tus core protocol version, sent in {@code Tus-Resumable} on every request and answer. */
    public static final String TUS_VERSION = "1.0.0";
    /** The SHA-256 (hex) of the first {@code Upload-Offset} bytes the server holds. */
    public static final String PREFIX_DIGEST = "Upload-Prefix-Sha256";
    /** The media type tus requires on a PATCH body. */
    public static final String CHUNK_TYPE = "application/offset+octet-stream";

    private UploadProtocol() {
    }
}
