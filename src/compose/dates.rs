//! Compose stage, dates: [`When`] → the text printed beside an entry's title.

use crate::model::locale::Locale;
use crate::model::{Date, End, When};
use crate::style::{MonthStyle, Style};

/// "Jun 2024 – present", "2019", "2024.06 – 2024.09", "Juni 2024 – heute", "2024年6月 – 至今",
/// in the résumé's language.
pub fn format_when(when: &When, style: &Style, locale: &Locale) -> String {
    let date = |d: &Date| format_date(d, style.months, locale);
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

fn format_date(date: &Date, months: MonthStyle, locale: &Locale) -> String {
    match (date.month, months) {
        (None, _) => date.year.to_string(),
        (Some(m), MonthStyle::Short) => locale.month_year(m, date.year),
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
        style.months = MonthStyle::Numeric;
        assert_eq!(format_when(&range, &style, en), "2024.06 – present");
        style.present = "now".into();
        assert_eq!(format_when(&range, &style, Locale::for_tag("de")), "2024.06 – now");
        assert_eq!(format_when(&When::Single(Date::parse("2019").unwrap()), &style, en), "2019");
    }
}
