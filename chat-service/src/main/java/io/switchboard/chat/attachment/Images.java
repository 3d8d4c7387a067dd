package io.switchboard.chat.attachment;

import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.switchboard.chat.config.ChatConfig;

/**
 * An image's size, read from its header alone, and its thumbnail: a JPEG at most
 * {@code thumbnail-size} pixels on its longer side. An image of more than
 * {@code thumbnail-max-pixels} is not decoded at all; the others are decoded subsampled (every
 * n-th pixel, to about twice the thumbnail's size), one per processor at a time, so a large
 * image costs a bounded amount of memory.
 */
@ApplicationScoped
class Images {

    private static final Logger LOG = Logger.getLogger(Images.class);

    /** What an image turned out to be; a thumbnail file only when one was made. */
    record Read(Integer width, Integer height, Optional<Path> thumbnail) {
        static final Read NONE = new Read(null, null, Optional.empty());
    }

    private final int size;
    private final long maxPixels;
    private final Semaphore decoding = new Semaphore(Runtime.getRuntime().availableProcessors());

    Images(ChatConfig config) {
        this.size = config.attachment().thumbnailSize();
        this.maxPixels = config.attachment().thumbnailMaxPixels();
        System.setProperty("java.awt.headless", "true");
    }

    /** The size and a thumbnail of an image file; {@link Read#NONE} when it cannot be read. */
    Read read(Path file, String type) {
        if (!MediaTypes.DECODED_IMAGES.contains(type)) {
            return Read.NONE;
        }
        try (var input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                return Read.NONE;
            }
            var readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Read.NONE;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > maxPixels || width <= 0 || height <= 0) {
                    return new Read(width, height, Optional.empty());
                }
                return new Read(width, height, Optional.of(thumbnail(reader, width, height, file)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("an image could not be read (%s); it is kept without a thumbnail", e.toString());
            return Read.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Read.NONE;
        }
    }

    private Path thumbnail(ImageReader reader, int width, int height, Path original)
            throws IOException, InterruptedException {
        decoding.acquire();
        try {
            var param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.max(width, height) / (2 * size));
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage source = reader.read(0, param);
            double scale = Math.min(1.0, (double) size / Math.max(source.getWidth(), source.getHeight()));
            int w = Math.max(1, (int) Math.round(source.getWidth() * scale));
            int h = Math.max(1, (int) Math.round(source.getHeight() * scale));
            var target = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            var graphics = target.createGraphics();
            try {
                graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                graphics.setColor(Color.WHITE); // transparent parts on white, as JPEG has no alpha
                graphics.fillRect(0, 0, w, h);
                graphics.drawImage(source, 0, 0, w, h, null);
            } finally {
                graphics.dispose();
            }
            var file = original.resolveSibling(original.getFileName() + ".thumbnail.jpg");
            writeJpeg(target, file);
            return file;
        } finally {
            decoding.release();
        }
    }

    private static void writeJpeg(BufferedImage image, Path file) throws IOException {
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            var param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        } finally {
            writer.dispose();
        }
    }
}
