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
import java.util.Locale;
import java.util.function.LongFunction;
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

    /** The sheet of the weekly trends; the page draws them as charts above their table. */
    private static final String TRENDS = "每周趋势";

    /** What the charts draw: field, label, colour. */
    private static final List<String[]> LINES = List.of(new String[] {"reported", "新派遣问题", "#1565c0"},
            new String[] {"closedOnTime", "按时整改", "#2e7d32"}, new String[] {"overdue", "逾期", "#b71c1c"},
            new String[] {"recurring", "复发", "#e65100"});

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    public BulletinDocuments(WorkingCalendar calendar) {
        this.zone = calendar.zone();
    }

    /**
     * The sections in bulletin order: red and black lists, escalations, listed sites, round comparison, trends, ledger
     * anchor.
     */
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
        sections.add(rounds(b.rounds()));
        List<List<Object>> weekly = new ArrayList<>();
        for (TrendService.Series series : b.trends().series()) {
            for (TrendService.Week w : series.weeks()) {
                weekly.add(List.of(series.name(), w.week().toString(), w.reported(), w.closedOnTime(), w.overdue(),
                        w.recurring()));
            }
        }
        sections.add(new Section(TRENDS, "六、每周趋势（全区及各街镇）", List.of("范围", "周（起始日）", "新派遣问题",
                "按时整改", "逾期", "复发"), weekly));
        sections.add(new Section("台账锚点", "七、问责台账锚点", List.of("台账末条序号", "SHA-256", "生成时间"),
                List.of(List.of(b.ledgerHead().sequence(), b.ledgerHead().hash(), time(b.generatedAt())))));
        return sections;
    }

    /** The latest evaluation round against the previous one: totals, by site type and township, and the points. */
    private static Section rounds(RoundComparisons.Comparison c) {
        List<String> headings = List.of("维度", "项目", "上轮", "本轮", "增减");
        if (c == null) {
            return new Section("测评轮次对比", "五、测评轮次对比", headings, List.of());
        }
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("合计", "问题数（" + c.trend() + "）", c.previousFindings(), c.findings(),
                c.findings() - c.previousFindings()));
        rows.add(List.of("合计", "扣分", c.previousDeductionPoints().doubleValue(), c.deductionPoints().doubleValue(),
                c.deductionPoints().subtract(c.previousDeductionPoints()).doubleValue()));
        c.bySiteType().forEach(x -> rows.add(List.of("点位类型", x.label(), x.previous(), x.current(), x.difference())));
        c.byTownship().forEach(x -> rows.add(List.of("属地街镇", x.label(), x.previous(), x.current(), x.difference())));
        rows.add(List.of("点位", "新增问题点位", "", c.newPoints(), ""));
        rows.add(List.of("点位", "再次发现（屡改屡犯）" + (c.recurringSites().isEmpty() ? ""
                : "：" + String.join("、", c.recurringSites())), "", c.recurringPoints(), ""));
        rows.add(List.of("点位", "本轮未再发现", c.clearedPoints(), "", ""));
        return new Section("测评轮次对比", "五、测评轮次对比（" + c.round() + (c.previousRound() == null ? "，首轮"
                : " 对比 " + c.previousRound()) + "）", headings, rows);
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
                + "p.meta { text-align: center; } .charts { display: flex; flex-wrap: wrap; gap: 8px; }\n"
                + "figure { margin: 0; width: 31%; break-inside: avoid; } figcaption { font-weight: bold; }\n"
                + "figure svg { width: 100%; height: auto; } figure text { font-size: 10px; }\n"
                + ".legend span { margin-right: 1.5em; }\n"
                + "@media print { @page { size: A4; margin: 18mm; } body { margin: 0; }"
                + " thead { display: table-header-group; } tr { break-inside: avoid; } h2 { break-after: avoid; } }\n"
                + "</style>\n</head>\n<body>\n");
        page.append("<h1>全国文明城市创建工作通报（").append(escape(b.period())).append("）</h1>\n")
                .append("<p class=\"meta\">统计期间：").append(escape(time(b.from()))).append(" 至 ")
                .append(escape(time(b.to()))).append("（不含），生成于 ").append(escape(time(b.generatedAt())))
                .append("</p>\n");
        for (Section section : sections(b)) {
            page.append("<section>\n<h2>").append(escape(section.title())).append("</h2>\n");
            if (TRENDS.equals(section.sheet())) {
                charts(page, b.trends());
            }
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

    /**
     * One chart per series, drawn here as SVG so the page needs no script to print; the table below carries the same
     * numbers for screen readers, so the charts are hidden from them.
     */
    private static void charts(StringBuilder page, TrendService.Trends trends) {
        page.append("<p class=\"legend\" aria-hidden=\"true\">");
        LINES.forEach(l -> page.append("<span style=\"color: ").append(l[2]).append("\">━ ").append(l[1])
                .append("</span>"));
        page.append("</p>\n<div class=\"charts\">\n");
        int width = 320;
        int height = 150;
        int left = 28;
        int bottom = 18;
        for (TrendService.Series series : trends.series()) {
            List<TrendService.Week> weeks = series.weeks();
            long max = 1;
            for (TrendService.Week w : weeks) {
                max = Math.max(max, Math.max(Math.max(w.reported(), w.closedOnTime()), Math.max(w.overdue(),
                        w.recurring())));
            }
            double step = weeks.size() <= 1 ? 0 : (width - left - 8) / (double) (weeks.size() - 1);
            double plot = height - bottom - 6;
            long top = max;
            LongFunction<String> y = v -> format(6 + plot * (1 - v / (double) top));
            page.append("<figure data-township=\"").append(escape(series.township())).append("\"><figcaption>")
                    .append(escape(series.name())).append("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
                            + " viewBox=\"0 0 ").append(width).append(' ').append(height)
                    .append("\" aria-hidden=\"true\">").append("<line x1=\"").append(left).append("\" y1=\"")
                    .append(y.apply(0)).append("\" x2=\"").append(width - 8).append("\" y2=\"").append(y.apply(0))
                    .append("\" stroke=\"#777\"/>").append("<text x=\"").append(left - 4).append("\" y=\"")
                    .append(format(6 + 4)).append("\" text-anchor=\"end\">").append(max).append("</text>")
                    .append("<text x=\"").append(left - 4).append("\" y=\"").append(format(6 + plot + 4))
                    .append("\" text-anchor=\"end\">0</text>");
            for (int i = 0; i < weeks.size(); i++) {
                if (i == 0 || i == weeks.size() - 1) {
                    page.append("<text x=\"").append(format(left + i * step)).append("\" y=\"").append(height - 4)
                            .append(i == 0 ? "\" text-anchor=\"start\">" : "\" text-anchor=\"end\">")
                            .append(weeks.get(i).week().toString().substring(5)).append("</text>");
                }
            }
            for (String[] line : LINES) {
                page.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(line[2])
                        .append("\" class=\"").append(line[0]).append("\" points=\"");
                for (int i = 0; i < weeks.size(); i++) {
                    page.append(i == 0 ? "" : " ").append(format(left + i * step)).append(',')
                            .append(y.apply(value(weeks.get(i), line[0])));
                }
                page.append("\"/>");
            }
            page.append("</svg></figure>\n");
        }
        page.append("</div>\n");
    }

    private static long value(TrendService.Week w, String field) {
        return switch (field) {
            case "reported" -> w.reported();
            case "closedOnTime" -> w.closedOnTime();
            case "overdue" -> w.overdue();
            default -> w.recurring();
        };
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
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
