package org.civcity.findings.service;

import io.quarkus.logging.Log;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.civcity.shared.problem.ProblemException;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * An evaluator's file read as rows of cells under its headings: CSV (UTF-8 with or without BOM, or GB18030, which
 * Chinese office software writes) or XLSX (streamed cell by cell, formulas never evaluated: their cached values only).
 * Hostile files are refused before they cost memory: too many rows or too large a part 413, a zip bomb, macros,
 * external entities or an unreadable file 422.
 */
public final class RoundSheet {

    /** POI refuses any part of the package that inflates beyond this, or at a ratio beyond 1:100 (a zip bomb). */
    static final long MAX_PART_BYTES = 16L * 1024 * 1024;
    /** Columns read from a row: an evaluator's sheet has a dozen; a cell far to the right is refused, not padded. */
    static final int MAX_COLUMNS = 100;
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String CSV = "text/csv";
    private static final DateTimeFormatter CELL_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final java.util.regex.Pattern DATE_1904 = java.util.regex.Pattern.compile(
            "date1904\\s*=\\s*[\"'](1|true)[\"']");

    static {
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(MAX_PART_BYTES);
    }

    /** A row as a spreadsheet user numbers it (the heading row is 1), with its cells by heading. */
    public record Row(int number, Map<String, String> cells) {
    }

    /** The headings of the first row and the rows below it that have any content. */
    public record Content(List<String> headings, List<Row> rows) {
    }

    private RoundSheet() {
    }

    /** Reads {@code bytes} of the given media type; at most {@code maxRows} rows and {@code maxCell} characters. */
    public static Content read(String mediaType, byte[] bytes, String charset, int maxRows, int maxCell) {
        if (bytes == null || bytes.length == 0) {
            throw new ProblemException(400, "Empty file", "The request has no file");
        }
        List<List<String>> lines = mediaType.startsWith(CSV)
                ? csv(decode(bytes, charset), maxRows + 1, maxCell)
                : xlsx(bytes, maxRows + 1, maxCell);
        if (lines.isEmpty()) {
            throw new ProblemException(422, "No headings", "The first row must hold the column headings");
        }
        List<String> headings = lines.get(0).stream().map(String::strip).toList();
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> line = lines.get(i);
            if (line.stream().allMatch(String::isBlank)) {
                continue;
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (int c = 0; c < headings.size(); c++) {
                String value = c < line.size() ? line.get(c).strip() : "";
                if (!headings.get(c).isEmpty()) {
                    cells.put(headings.get(c), value);
                }
            }
            rows.add(new Row(i + 1, cells));
        }
        if (rows.size() > maxRows) {
            throw tooManyRows(maxRows);
        }
        return new Content(headings, rows);
    }

    private static ProblemException tooManyRows(int maxRows) {
        return new ProblemException(413, "Too many rows", "A round file may hold at most " + maxRows
                + " rows; split it into several imports under the same round name");
    }

    /** UTF-8 (a BOM is dropped), else GB18030; {@code charset} forces one. Strict: a wrong byte is a 422. */
    static String decode(byte[] bytes, String charset) {
        List<Charset> tries = new ArrayList<>();
        int offset = 0;
        if (charset != null && !charset.isBlank()) {
            try {
                tries.add(Charset.forName(charset.strip()));
            } catch (IllegalArgumentException e) {
                throw new ProblemException(400, "Unknown charset", "No charset '" + charset
                        + "'; use UTF-8 or GB18030");
            }
        } else {
            tries.add(StandardCharsets.UTF_8);
            tries.add(Charset.forName("GB18030"));
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            offset = 3;
        }
        for (Charset each : tries) {
            try {
                String text = each.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
                if (text.indexOf('\0') >= 0) {
                    throw new ProblemException(422, "Not a text file", "The CSV holds NUL characters: it is binary or"
                            + " UTF-16; save it as CSV in UTF-8 or GB18030");
                }
                return text;
            } catch (CharacterCodingException e) {
                // the next encoding
            }
        }
        throw new ProblemException(422, "Unknown encoding", "The CSV is neither UTF-8 nor GB18030 text");
    }

    /** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF ends a record. */
    static List<List<String>> csv(String text, int maxLines, int maxCell) {
        List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.isEmpty()) {
                quoted = true;
                any = true;
            } else if (ch == ',') {
                line.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                line.add(cell.toString());
                cell.setLength(0);
                lines.add(line);
                line = new ArrayList<>();
                any = false;
                if (lines.size() > maxLines) {
                    throw tooManyRows(maxLines - 1);
                }
            } else {
                cell.append(ch);
                any = true;
            }
            if (cell.length() > maxCell) {
                throw longCell(lines.size() + 1, maxCell);
            }
        }
        if (quoted) {
            throw new ProblemException(422, "Unreadable CSV", "A quoted field is not closed (row " + (lines.size() + 1)
                    + ")");
        }
        if (any || !cell.isEmpty()) {
            line.add(cell.toString());
            lines.add(line);
        }
        return lines;
    }

    private static ProblemException longCell(int row, int maxCell) {
        return new ProblemException(413, "Cell too long", "Row " + row + " has a cell longer than " + maxCell
                + " characters");
    }

    /** The first sheet of an XLSX workbook, streamed; macros, external entities and zip bombs refused. */
    static List<List<String>> xlsx(byte[] bytes, int maxLines, int maxCell) {
        List<List<String>> lines = new ArrayList<>();
        java.nio.file.Path file = null;
        // From a file, POI inflates only the parts read (the sheet as a stream, the shared strings once), instead
        // of unpacking every part of the upload into memory.
        try {
            file = java.nio.file.Files.createTempFile("round-", ".xlsx");
            java.nio.file.Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot buffer the upload", e);
        }
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            if (!pkg.getPartsByName(java.util.regex.Pattern.compile("(?i).*vbaProject\\.bin")).isEmpty()
                    || pkg.getPartsByContentType("application/vnd.ms-excel.sheet.macroEnabled.main+xml").size() > 0) {
                throw new ProblemException(422, "Macros refused", "The workbook holds macros; save it as a plain"
                        + " .xlsx workbook");
            }
            XSSFReader reader = new XSSFReader(pkg);
            boolean date1904;
            try (InputStream workbook = reader.getWorkbookData()) {
                // Old Mac Excel counts days from 1904: its dates would otherwise read four years early.
                date1904 = DATE_1904.matcher(new String(workbook.readAllBytes(), StandardCharsets.UTF_8)).find();
            }
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            java.util.Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                return lines;
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings,
                        new Collector(lines, maxLines, maxCell), new IsoDates(date1904), false));
                parser.parse(new InputSource(sheet));
            }
            return lines;
        } catch (ProblemException e) {
            throw e;
        } catch (Exception e) {
            throw unreadable(e);
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                Log.warnf("Could not delete %s", file);
            }
        }
    }

    /** A zip bomb or an oversized part is a 413, anything else that stops POI a 422; POI wraps its causes. */
    private static ProblemException unreadable(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String why = String.valueOf(t.getMessage());
            if (why.contains("Zip bomb") || why.contains("max entry size") || why.contains("exceed")) {
                return new ProblemException(413, "File too large when unpacked", "A part of the workbook unpacks"
                        + " beyond " + MAX_PART_BYTES / (1024 * 1024) + " MiB or at a suspicious ratio (a zip bomb)");
            }
            if (t instanceof ProblemException problem) {
                return problem;
            }
        }
        if (e instanceof NotOfficeXmlFileException || e instanceof InvalidFormatException
                || e instanceof java.util.zip.ZipException) {
            return new ProblemException(422, "Not an XLSX workbook", "The file is not an Office Open XML workbook");
        }
        Log.debugf(e, "Unreadable workbook");
        return new ProblemException(422, "Unreadable XLSX", "The workbook cannot be read (" + e.getClass()
                .getSimpleName() + "); external entities and DOCTYPEs are refused");
    }

    /** Collects the sheet's rows as text in column order, filling gaps, and stops at the limits. */
    private static final class Collector implements XSSFSheetXMLHandler.SheetContentsHandler {

        private final List<List<String>> lines;
        private final int maxLines;
        private final int maxCell;
        private List<String> current;
        private int expectedRow;

        Collector(List<List<String>> lines, int maxLines, int maxCell) {
            this.lines = lines;
            this.maxLines = maxLines;
            this.maxCell = maxCell;
        }

        @Override
        public void startRow(int rowNum) {
            // Rows left out of the file are empty rows: keep the numbering a user sees.
            while (expectedRow < rowNum) {
                lines.add(new ArrayList<>());
                expectedRow++;
                checkLines();
            }
            current = new ArrayList<>();
        }

        @Override
        public void endRow(int rowNum) {
            lines.add(current);
            expectedRow = rowNum + 1;
            checkLines();
        }

        private void checkLines() {
            if (lines.size() > maxLines) {
                throw tooManyRows(maxLines - 1);
            }
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            // The reference is optional in the file format: without one, a cell follows the previous.
            int column = reference == null ? current.size() : new org.apache.poi.ss.util.CellReference(reference)
                    .getCol();
            if (column >= MAX_COLUMNS) {
                throw new ProblemException(422, "Cell beyond the columns read", "Row " + (lines.size() + 1)
                        + " has a cell in column " + (column + 1) + "; only the first " + MAX_COLUMNS
                        + " columns are read");
            }
            while (current.size() < column) {
                current.add("");
            }
            String text = value == null ? "" : value;
            if (text.length() > maxCell) {
                throw longCell(lines.size() + 1, maxCell);
            }
            current.add(text);
        }
    }

    /** Dates as ISO text and numbers as stored, whatever the display format (it differs between office suites). */
    private static final class IsoDates extends DataFormatter {

        private final boolean date1904;

        IsoDates(boolean date1904) {
            this.date1904 = date1904;
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                return DateUtil.getLocalDateTime(value, date1904).format(CELL_DATE);
            }
            // Numbers as stored, not as displayed: 0.25 shown as "0.3" or "0.3分" is still 0.25 points.
            return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        }
    }
}
