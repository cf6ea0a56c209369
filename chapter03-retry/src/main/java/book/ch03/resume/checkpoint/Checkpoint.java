package book.ch03.resume.checkpoint;

/**
 * What an upload client must remember to resume after its process dies: which local file,
 * which upload on the server, how far the server has confirmed, and the SHA-256 of the local
 * file's first {@code offset} bytes.
 *
 * <p>Why a digest of the prefix rather than the digest's running state: a
 * {@link java.security.MessageDigest} cannot be serialized, so on resume the client re-reads the
 * prefix from its local disk (much faster than resending it) and hashes it again; comparing with
 * this value also proves the local file did not change while the client was down.
 *
 * @param file         absolute path of the local file
 * @param length       the file's length when the upload started
 * @param uploadPath   the upload's path on the server ({@code /uploads/ID})
 * @param offset       bytes the server confirmed
 * @param prefixSha256 hex SHA-256 of bytes {@code [0, offset)} of the file
 */
public record Checkpoint(String file, long length, String uploadPath, long offset, String prefixSha256) {

    public Checkpoint {
        if (length < 0 || offset < 0 || offset > length) {
            throw new IllegalArgumentException("offset " + offset + " must be within the length " + length);
        }
        if (!uploadPath.startsWith("/uploads/")) {
            throw new IllegalArgumentException("upload path '" + uploadPath + "' is not under /uploads/");
        }
        if (!prefixSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("prefix SHA-256 '" + prefixSha256 + "' is not 64 hex digits");
        }
    }

    public Checkpoint advancedTo(long newOffset, String newPrefixSha256) {
        return new Checkpoint(file, length, uploadPath, newOffset, newPrefixSha256);
    }
}
