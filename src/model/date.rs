//! Model stage, dates: a date as written (`2019`, `2019-06`, `2019-06-30`, `present`) → [`Date`].

use std::fmt;

/// A calendar date with optional month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// The end of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Date(Date),
    Present,
}

/// When an entry happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Single(Date),
    Range(Date, End),
}

impl Date {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking month and day ranges.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, what: &str| -> Result<u32, String> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 4 {
                return Err(format!(
                    "`{text}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (bad {what})"
                ));
            }
            s.parse().map_err(|_| format!("`{text}` is not a date"))
        };
        if parts.len() > 3 || parts[0].len() != 4 {
            return Err(format!("`{text}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        let year = number(parts[0], "year")?;
        let month = parts.get(1).map(|m| number(m, "month")).transpose()?;
        let day = parts.get(2).map(|d| number(d, "day")).transpose()?;
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("month {m} does not exist (months are 1 to 12)"));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let days = days_in_month(year, m);
            if !(1..=days).contains(&d) {
                return Err(format!(
                    "day {d} does not exist in {year}-{m:02} (it has {days} days)"
                ));
            }
        }
        Ok(Date { year: year as u16, month: month.map(|m| m as u8), day: day.map(|d| d as u8) })
    }

    /// Whether `self` is certainly before `other`, comparing only what both give.
    pub fn before(&self, other: &Date) -> bool {
        let key = |d: &Date, with_month: bool, with_day: bool| {
            (
                d.year,
                if with_month { d.month.unwrap_or(0) } else { 0 },
                if with_day { d.day.unwrap_or(0) } else { 0 },
            )
        };
        let m = self.month.is_some() && other.month.is_some();
        let d = m && self.day.is_some() && other.day.is_some();
        key(self, m, d) < key(other, m, d)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms() {
        assert_eq!(Date::parse("2019").unwrap(), Date { year: 2019, month: None, day: None });
        assert_eq!(Date::parse("2019-06").unwrap().month, Some(6));
        assert_eq!(Date::parse("2024-02-29").unwrap().day, Some(29));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2019-13").unwrap_err().contains("month 13"));
        assert!(Date::parse("2023-02-29").unwrap_err().contains("day 29"));
        assert!(Date::parse("yesterday").is_err());
        assert!(Date::parse("19-06").is_err());
    }

    #[test]
    fn compares_at_common_precision() {
        let d = |s| Date::parse(s).unwrap();
        assert!(d("2017").before(&d("2019-06")));
        assert!(!d("2019").before(&d("2019-06")));
        assert!(d("2019-05").before(&d("2019-06")));
    }
}
