//! Compose stage, dates: [`When`] → the text printed beside an entry's title.

use crate::model::locale::Locale;
use crate::model::{Date, End, When};
use crate::style::{MonthStyle, Style};

/// "Jun 2024 – present", "2019", "2024.06 – 2024.09", "Juni 2024 – heute", "2024年6月 – 至今",
/// in the résumé's language.
pub fn format_when(when: &When, style: &Style, locale: &Locale) -> String {
    let date = |d: &Date| format_date(d, style, locale);
    match when {
        When::Single(d) => date(d),
        When::Range(start, end) => {
            let end = match end {
                // `auto`, the default, is the language's own word.
                End::Present if style.present == "auto" => locale.present.to_string(),
                End::Present => style.present.clone(),
                End::Date(d) => date(d),
            };
            format!("{} – {end}", date(start))
        }
    }
}

/// How long a range lasted, in the résumé's language: "2 years 10 months", "8 months",
/// "2年10个月". Both ends need their months; the months are counted inclusively (June to
/// March is ten), as the range reads. An ongoing range runs to `updated`, and has no
/// span without one. `None` for a single date, or a range without its months.
pub fn time_span(when: &When, updated: Option<Date>, locale: &Locale) -> Option<String> {
    let When::Range(start, end) = when else { return None };
    let end = match end {
        End::Date(date) => *date,
        End::Present => updated?,
    };
    let month = |d: &Date| Some(i64::from(d.year) * 12 + i64::from(d.month?) - 1);
    let months = month(&end)? - month(start)? + 1;
    let months = u32::try_from(months).ok().filter(|&m| m > 0)?;
    Some(locale.span(months / 12, months % 12))
}

fn format_date(date: &Date, style: &Style, locale: &Locale) -> String {
    let named = |m: u8| style.month_names.get(usize::from(m.clamp(1, 12)) - 1);
    match (date.month, style.months) {
        (None, _) => date.year.to_string(),
        (Some(m), MonthStyle::Short) => match named(m) {
            Some(name) => format!("{name} {}", date.year),
            None => locale.month_year(m, date.year),
        },
        (Some(m), MonthStyle::Numeric) => format!("{}.{m:02}", date.year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_both_month_styles() {
        let mut style = crate::style::resolve("detailed").unwrap();
        let en = Locale::for_tag("en-US");
        let start = Date::parse("2024-06").unwrap();
        let range = When::Range(start, End::Present);
        assert_eq!(format_when(&range, &style, en), "Jun 2024 – present");
        assert_eq!(format_when(&range, &style, Locale::for_tag("de")), "Juni 2024 – heute");
        assert_eq!(format_when(&range, &style, Locale::for_tag("zh")), "2024年6月 – 至今");
        style.month_names = [
            "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.",
            "Dez.",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(format_when(&range, &style, en), "Juni 2024 – present");
        style.month_names.clear();
        style.months = MonthStyle::Numeric;
        assert_eq!(format_when(&range, &style, en), "2024.06 – present");
        style.present = "now".into();
        assert_eq!(format_when(&range, &style, Locale::for_tag("de")), "2024.06 – now");
        assert_eq!(format_when(&When::Single(Date::parse("2019").unwrap()), &style, en), "2019");
    }

    #[test]
    fn time_spans_count_the_months_of_a_range_in_its_language() {
        let d = |s: &str| Date::parse(s).unwrap();
        let range = When::Range(d("2020-06"), End::Date(d("2023-03")));
        let span = |when: &When, tag: &str| time_span(when, None, Locale::for_tag(tag));
        assert_eq!(span(&range, "en").as_deref(), Some("2 years 10 months"));
        assert_eq!(span(&range, "de").as_deref(), Some("2 Jahre 10 Monate"));
        assert_eq!(span(&range, "ru").as_deref(), Some("2 года 10 месяцев"));
        assert_eq!(span(&range, "zh").as_deref(), Some("2年10个月"));
        let one = When::Range(d("2021-01"), End::Date(d("2022-01")));
        assert_eq!(span(&one, "en").as_deref(), Some("1 year 1 month"));
        assert_eq!(span(&one, "fr").as_deref(), Some("1 an 1 mois"));
        let short = When::Range(d("2024-02"), End::Date(d("2024-06")));
        assert_eq!(span(&short, "ko").as_deref(), Some("5개월"));
        assert_eq!(span(&short, "es").as_deref(), Some("5 meses"));
        // Ongoing: to the résumé's `updated`, else none; years alone, single dates: none.
        let ongoing = When::Range(d("2024-06"), End::Present);
        assert_eq!(
            time_span(&ongoing, Some(d("2026-05")), Locale::for_tag("ja")).as_deref(),
            Some("2年")
        );
        assert_eq!(span(&ongoing, "en"), None);
        assert_eq!(span(&When::Range(d("2019"), End::Date(d("2021"))), "en"), None);
        assert_eq!(span(&When::Single(d("2021-05")), "en"), None);
        // An end before its start (a warning when read) has no span.
        assert_eq!(span(&When::Range(d("2023-01"), End::Date(d("2021-01"))), "en"), None);
    }
}
