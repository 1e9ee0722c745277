package org.civcity.escalation.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.civcity.shared.calendar.WorkingCalendar;

/**
 * The monthly bulletin (通报) as people receive it: a workbook with one sheet per section, and a printable Chinese
 * page. Both show the same tables, built once here; times in the district's zone.
 */
@ApplicationScoped
public class BulletinDocuments {

    /** Rows of one section: its title, its column headings and its cells (strings or numbers). */
    record Section(String sheet, String title, List<String> headings, List<List<Object>> rows) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    public BulletinDocuments(WorkingCalendar calendar) {
        this.zone = calendar.zone();
    }

    /** The sections in bulletin order: red and black lists, escalations, listed sites, ledger anchor. */
    List<Section> sections(BulletinService.Bulletin b) {
        List<Section> sections = new ArrayList<>();
        sections.add(ranking("部门红黑榜", "一、部门红黑榜（牵头部门）", b.departments()));
        sections.add(ranking("街镇红黑榜", "二、街镇红黑榜（属地管理）", b.townships()));
        List<List<Object>> escalations = new ArrayList<>();
        for (BulletinService.Escalation e : b.escalations()) {
            escalations.add(List.of(e.sequence(), time(e.recordedAt()), e.unitName(), "第" + e.level() + "级",
                    e.reason(), hours(e.overdueSeconds()), e.parties(),
                    e.disposition() == null ? "待处理" : e.disposition(), text(e.subject()), text(e.dispositionNote()),
                    e.findingId().toString()));
        }
        sections.add(new Section("逾期升级", "三、逾期升级案件及追责问责情况", List.of("台账序号", "升级时间", "责任单位",
                "升级级别", "原因", "逾期（工作小时）", "督办对象", "处理结果", "被问责人", "处理说明", "问题编号"), escalations));
        List<List<Object>> listed = new ArrayList<>();
        for (BulletinService.Listing l : b.listedSites()) {
            listed.add(List.of(l.siteName(), l.siteType(), text(l.township()), l.leadUnit(), l.recurrences(),
                    time(l.listedAt()), time(l.dueBy()), l.delistedAt() == null ? "督办中" : "已销号 " + time(
                            l.delistedAt())));
        }
        sections.add(new Section("挂牌督办", "四、挂牌督办点位", List.of("点位", "点位类型", "属地街镇", "牵头部门",
                "复发次数", "挂牌时间", "督办时限", "状态"), listed));
        sections.add(new Section("台账锚点", "五、问责台账锚点", List.of("台账末条序号", "SHA-256", "生成时间"),
                List.of(List.of(b.ledgerHead().sequence(), b.ledgerHead().hash(), time(b.generatedAt())))));
        return sections;
    }

    private Section ranking(String sheet, String title, AssessmentService.Assessment a) {
        List<List<Object>> rows = new ArrayList<>();
        for (AssessmentService.UnitAssessment u : a.units()) {
            long escalations = u.escalationsByLevel().values().stream().mapToLong(Long::longValue).sum();
            String roll = a.honourRoll().contains(u.unit()) ? "红榜" : a.blacklist().contains(u.unit()) ? "黑榜" : "";
            rows.add(List.of(u.rank(), u.name(), roll, round(u.score()), u.due(), u.closedOnTime(),
                    u.onTimeRate() == null ? "—" : Math.round(u.onTimeRate() * 100) + "%", escalations, u.reworks(),
                    u.repeats(), u.deductionPoints().doubleValue(), u.dispositions()));
        }
        return new Section(sheet, title, List.of("名次", "单位", "榜单", "得分", "到期案件", "按时办结", "按时办结率",
                "逾期升级", "返工", "复发", "评估扣分", "追责问责"), rows);
    }

    /** The workbook: one sheet per section, headings in bold, numbers as numbers. */
    public byte[] xlsx(BulletinService.Bulletin b) {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            for (Section section : sections(b)) {
                Sheet sheet = workbook.createSheet(section.sheet());
                Row title = sheet.createRow(0);
                title.createCell(0).setCellValue(b.period() + " " + section.title());
                title.getCell(0).setCellStyle(bold);
                Row headings = sheet.createRow(1);
                for (int c = 0; c < section.headings().size(); c++) {
                    headings.createCell(c).setCellValue(section.headings().get(c));
                    headings.getCell(c).setCellStyle(bold);
                }
                int r = 2;
                for (List<Object> values : section.rows()) {
                    Row row = sheet.createRow(r++);
                    for (int c = 0; c < values.size(); c++) {
                        Object v = values.get(c);
                        if (v instanceof Number n) {
                            row.createCell(c).setCellValue(n.doubleValue());
                        } else {
                            row.createCell(c).setCellValue(String.valueOf(v));
                        }
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A printable page (A4, the tables repeat their headings on every printed page). */
    public String html(BulletinService.Bulletin b) {
        StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
                + "<meta charset=\"utf-8\">\n<title>" + escape(b.period()) + " 全国文明城市创建工作通报</title>\n<style>\n"
                + "body { font-family: \"SimSun\", \"Songti SC\", serif; margin: 2em; color: #000; }\n"
                + "h1 { text-align: center; font-size: 22pt; } h2 { font-size: 14pt; margin-top: 1.5em; }\n"
                + "table { border-collapse: collapse; width: 100%; font-size: 10.5pt; }\n"
                + "th, td { border: 1px solid #000; padding: 3px 6px; } th { background: #eee; }\n"
                + "td.number { text-align: right; } tr.red td { color: #b00000; } tr.black td { font-weight: bold; }\n"
                + "p.meta { text-align: center; }\n"
                + "@media print { @page { size: A4; margin: 18mm; } body { margin: 0; }"
                + " thead { display: table-header-group; } tr { break-inside: avoid; } h2 { break-after: avoid; } }\n"
                + "</style>\n</head>\n<body>\n");
        page.append("<h1>全国文明城市创建工作通报（").append(escape(b.period())).append("）</h1>\n")
                .append("<p class=\"meta\">统计期间：").append(escape(time(b.from()))).append(" 至 ")
                .append(escape(time(b.to()))).append("（不含），生成于 ").append(escape(time(b.generatedAt())))
                .append("</p>\n");
        for (Section section : sections(b)) {
            page.append("<section>\n<h2>").append(escape(section.title())).append("</h2>\n");
            if (section.rows().isEmpty()) {
                page.append("<p>本期无。</p>\n</section>\n");
                continue;
            }
            page.append("<table>\n<thead><tr>");
            section.headings().forEach(h -> page.append("<th scope=\"col\">").append(escape(h)).append("</th>"));
            page.append("</tr></thead>\n<tbody>\n");
            for (List<Object> values : section.rows()) {
                String roll = values.size() > 2 && "红榜".equals(values.get(2)) ? " class=\"red\""
                        : values.size() > 2 && "黑榜".equals(values.get(2)) ? " class=\"black\"" : "";
                page.append("<tr").append(roll).append('>');
                values.forEach(v -> page.append(v instanceof Number ? "<td class=\"number\">" : "<td>")
                        .append(escape(String.valueOf(v))).append("</td>"));
                page.append("</tr>\n");
            }
            page.append("</tbody>\n</table>\n</section>\n");
        }
        page.append("<p>本通报据问责台账生成，可凭台账末条序号与 SHA-256 核验台账未被改动。</p>\n</body>\n</html>\n");
        return page.toString();
    }

    private String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double hours(long seconds) {
        return Math.round(seconds / 360.0) / 10.0;
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
