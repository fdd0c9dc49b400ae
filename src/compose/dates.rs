//! Compose stage, dates: [`When`] → the text printed beside an entry's title.

use crate::model::{Date, End, When};
use crate::style::{MonthStyle, Style};

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "Jun 2024 – present", "2019", "2024.06 – 2024.09".
pub fn format_when(when: &When, style: &Style) -> String {
    match when {
        When::Single(date) => format_date(date, style.months),
        When::Range(start, end) => {
            let end = match end {
                End::Present => style.present.clone(),
                End::Date(date) => format_date(date, style.months),
            };
            format!("{} – {end}", format_date(start, style.months))
        }
    }
}

fn format_date(date: &Date, months: MonthStyle) -> String {
    match (date.month, months) {
        (None, _) => date.year.to_string(),
        (Some(m), MonthStyle::Short) => {
            format!("{} {}", MONTHS[usize::from(m - 1).min(11)], date.year)
        }
        (Some(m), MonthStyle::Numeric) => format!("{}.{m:02}", date.year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_both_month_styles() {
        let mut style = crate::style::resolve("detailed").unwrap();
        let start = Date::parse("2024-06").unwrap();
        assert_eq!(format_when(&When::Range(start, End::Present), &style), "Jun 2024 – present");
        style.months = MonthStyle::Numeric;
        assert_eq!(format_when(&When::Range(start, End::Present), &style), "2024.06 – present");
        assert_eq!(format_when(&When::Single(Date::parse("2019").unwrap()), &style), "2019");
    }
}
