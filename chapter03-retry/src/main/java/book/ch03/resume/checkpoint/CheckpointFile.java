package book.ch03.resume.checkpoint;

import book.ch03.resume.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A {@link Checkpoint} on disk: a few {@code key=value} lines closed by a CRC32C of all the
 * lines before it, replaced atomically on every save. A checkpoint that fails any check is
 * reported as {@link CorruptCheckpointException} and never used: trusting a damaged checkpoint
 * would resume at a wrong offset and assemble a file that was never sent.
 */
public final class CheckpointFile {

    static final String MAGIC = "upload-checkpoint 1";
    private static final List<String> KEYS = List.of("file", "length", "upload", "offset", "prefix-sha256");
    /** A real checkpoint is a few hundred bytes; anything larger is not one of ours. */
    static final int MAX_BYTES = 8192;

    private final Path path;

    public CheckpointFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    // tag::encode[]
    static byte[] encode(Checkpoint c) {
        String body = MAGIC + "\n" + "file=" + c.file() + "\n" + "length=" + c.length() + "\n"
                + "upload=" + c.uploadPath() + "\n" + "offset=" + c.offset() + "\n"
                + "prefix-sha256=" + c.prefixSha256() + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return (body + "crc32c=" + crcHex(bytes, bytes.length) + "\n").getBytes(StandardCharsets.UTF_8);
    }
    // end::encode[]

    public void save(Checkpoint checkpoint) throws IOException {
        AtomicFiles.write(path, encode(checkpoint));
    }

    /** The saved checkpoint, empty if there is none, or an exception naming what is wrong with it. */
    public Optional<Checkpoint> load() throws IOException {
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new CorruptCheckpointException("checkpoint " + path + " is " + Files.size(path)
                        + " bytes, over the " + MAX_BYTES + "-byte limit");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(decode(bytes));
    }

    public void delete() throws IOException {
        Files.deleteIfExists(path);
    }

    // tag::decode[]
    static Checkpoint decode(byte[] bytes) throws CorruptCheckpointException {
        String raw = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte: indexes are offsets
        int crcLine = raw.lastIndexOf("crc32c=");
        if (crcLine < 0 || !raw.endsWith("\n")) {
            throw new CorruptCheckpointException("checkpoint is truncated: its crc32c line is missing or cut");
        }
        String stored = raw.substring(crcLine + "crc32c=".length(), raw.length() - 1);
        String computed = crcHex(bytes, crcLine);
        if (!stored.equals(computed)) {
            throw new CorruptCheckpointException("checkpoint checksum mismatch: stored crc32c " + stored
                    + ", computed " + computed + " (the file was damaged or half-written)");
        }
        return parse(new String(bytes, 0, crcLine, StandardCharsets.UTF_8));
    }
    // end::decode[]

    private static Checkpoint parse(String body) throws CorruptCheckpointException {
        String[] lines = body.split("\n");
        if (lines.length != KEYS.size() + 1 || !lines[0].equals(MAGIC)) {
            throw new CorruptCheckpointException("checkpoint does not start with '" + MAGIC + "' and "
                    + KEYS.size() + " fields");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < KEYS.size(); i++) {
            String prefix = KEYS.get(i) + "=";
            if (!lines[i + 1].startsWith(prefix)) {
                throw new CorruptCheckpointException("checkpoint line " + (i + 2) + " should start with '" + prefix + "'");
            }
            fields.put(KEYS.get(i), lines[i + 1].substring(prefix.length()));
        }
        try {
            return new Checkpoint(fields.get("file"), Long.parseLong(fields.get("length")), fields.get("upload"),
                    Long.parseLong(fields.get("offset")), fields.get("prefix-sha256"));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new CorruptCheckpointException("checkpoint has a bad field: " + e.getMessage());
        }
    }

    private static String crcHex(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }
}
