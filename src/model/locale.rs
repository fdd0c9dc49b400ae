//! Model stage, languages: a résumé's BCP 47 tag → the words cvpdf writes itself in that
//! language: month names, "present", and the titles of sections it names (imports).
//!
//! Only the primary subtag counts (`de-AT` is `de`); an unknown language gets English.

/// The sections whose titles cvpdf supplies when a file does not (JSON Resume's keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Title {
    Summary,
    Experience,
    Volunteering,
    Education,
    Awards,
    Certificates,
    Publications,
    Skills,
    Languages,
    Interests,
    References,
    Projects,
}

/// How a month and year are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MonthOrder {
    /// "Jun 2024"
    NameYear,
    /// "2024年6月": year, then month, with the language's own suffixes.
    YearMonth { year: &'static str, month: &'static str },
}

/// The words of one language.
#[derive(Debug)]
pub struct Locale {
    /// The primary language subtag, `en`.
    pub code: &'static str,
    months: [&'static str; 12],
    order: MonthOrder,
    /// The end of a range that has not ended.
    pub present: &'static str,
    /// What the document is called, for the PDF's title: "Résumé", "Lebenslauf".
    pub document: &'static str,
    /// The alternate text of the résumé's photo, with `{name}` for the name.
    pub photo: &'static str,
    /// The alternate text of the photo of a résumé without a name.
    pub nameless_photo: &'static str,
    titles: [&'static str; 12],
}

impl Locale {
    /// The locale for a BCP 47 tag; English when cvpdf does not know the language.
    pub fn for_tag(tag: &str) -> &'static Locale {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        LOCALES.iter().find(|l| l.code == primary).unwrap_or(&LOCALES[0])
    }

    /// Whether cvpdf has this language's words (otherwise it writes English).
    pub fn knows(tag: &str) -> bool {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        LOCALES.iter().any(|l| l.code == primary)
    }

    /// How long something lasted: "2 years 3 months", "1 Jahr", "2年3个月"; the years or
    /// the months left out when there are none.
    pub fn span(&self, years: u32, months: u32) -> String {
        // (one, few, many): Russian counts 1, 21 as one, 2-4, 22-24 as few, the rest many.
        let (year, month): ([&str; 3], [&str; 3]) = match self.code {
            "de" => (["Jahr", "Jahre", "Jahre"], ["Monat", "Monate", "Monate"]),
            "fr" => (["an", "ans", "ans"], ["mois", "mois", "mois"]),
            "es" => (["año", "años", "años"], ["mes", "meses", "meses"]),
            "it" => (["anno", "anni", "anni"], ["mese", "mesi", "mesi"]),
            "pt" => (["ano", "anos", "anos"], ["mês", "meses", "meses"]),
            "nl" => (["jaar", "jaar", "jaar"], ["maand", "maanden", "maanden"]),
            "ru" => (["год", "года", "лет"], ["месяц", "месяца", "месяцев"]),
            "zh" => (["年"; 3], ["个月"; 3]),
            "ja" => (["年"; 3], ["か月"; 3]),
            "ko" => (["년"; 3], ["개월"; 3]),
            _ => (["year", "years", "years"], ["month", "months", "months"]),
        };
        let form = |n: u32| match (self.code, n % 10, n % 100) {
            ("ru", 1, r) if r != 11 => 0,
            ("ru", 2..=4, r) if !(12..=14).contains(&r) => 1,
            ("ru", _, _) => 2,
            (_, _, _) if n == 1 => 0,
            _ => 1,
        };
        // Chinese and Japanese write the number against its word, and no space between.
        let close = matches!(self.code, "zh" | "ja");
        let part = |n: u32, words: [&str; 3]| {
            let word = words[form(n)];
            if close || self.code == "ko" { format!("{n}{word}") } else { format!("{n} {word}") }
        };
        let parts: Vec<String> = [(years, year), (months, month)]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, words)| part(n, words))
            .collect();
        parts.join(if close { "" } else { " " })
    }

    /// "Jun 2024", "Juni 2024", "2024年6月".
    pub fn month_year(&self, month: u8, year: u16) -> String {
        let index = usize::from(month.clamp(1, 12) - 1);
        match self.order {
            MonthOrder::NameYear => format!("{} {year}", self.months[index]),
            MonthOrder::YearMonth { year: y, month: m } => format!("{year}{y}{}{m}", index + 1),
        }
    }

    /// A section title cvpdf supplies.
    pub fn title(&self, title: Title) -> &'static str {
        self.titles[title as usize]
    }

    /// Whether a section titled `title` is the one a layout names `name`: the same
    /// words in any case, or `name` is the English title of a section cvpdf titles
    /// (`Skills`) and `title` is its title in this language (`Kenntnisse`).
    pub fn names(&self, name: &str, title: &str) -> bool {
        let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
        same(name, title)
            || LOCALES[0]
                .titles
                .iter()
                .zip(self.titles)
                .any(|(english, own)| same(english, name) && same(own, title))
    }
}

/// Titles in the order of [`Title`].
const LOCALES: &[Locale] = &[
    Locale {
        code: "en",
        months: [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
        order: MonthOrder::NameYear,
        present: "present",
        document: "Résumé",
        photo: "Photo of {name}",
        nameless_photo: "Photo",
        titles: [
            "Summary",
            "Experience",
            "Volunteering",
            "Education",
            "Awards",
            "Certificates",
            "Publications",
            "Skills",
            "Languages",
            "Interests",
            "References",
            "Projects",
        ],
    },
    Locale {
        code: "de",
        months: [
            "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
            "Dez.",
        ],
        order: MonthOrder::NameYear,
        present: "heute",
        document: "Lebenslauf",
        photo: "Foto von {name}",
        nameless_photo: "Foto",
        titles: [
            "Profil",
            "Berufserfahrung",
            "Ehrenamt",
            "Ausbildung",
            "Auszeichnungen",
            "Zertifikate",
            "Veröffentlichungen",
            "Kenntnisse",
            "Sprachen",
            "Interessen",
            "Referenzen",
            "Projekte",
        ],
    },
    Locale {
        code: "fr",
        months: [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ],
        order: MonthOrder::NameYear,
        present: "aujourd’hui",
        document: "CV",
        photo: "Photo de {name}",
        nameless_photo: "Photo",
        titles: [
            "Profil",
            "Expérience professionnelle",
            "Bénévolat",
            "Formation",
            "Distinctions",
            "Certifications",
            "Publications",
            "Compétences",
            "Langues",
            "Centres d’intérêt",
            "Références",
            "Projets",
        ],
    },
    Locale {
        code: "es",
        months: [
            "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.",
            "nov.", "dic.",
        ],
        order: MonthOrder::NameYear,
        present: "actualidad",
        document: "Currículum",
        photo: "Foto de {name}",
        nameless_photo: "Foto",
        titles: [
            "Perfil",
            "Experiencia profesional",
            "Voluntariado",
            "Formación",
            "Premios",
            "Certificaciones",
            "Publicaciones",
            "Habilidades",
            "Idiomas",
            "Intereses",
            "Referencias",
            "Proyectos",
        ],
    },
    Locale {
        code: "zh",
        months: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"],
        order: MonthOrder::YearMonth { year: "年", month: "月" },
        present: "至今",
        document: "简历",
        photo: "{name}的照片",
        nameless_photo: "照片",
        titles: [
            "个人简介",
            "工作经历",
            "志愿经历",
            "教育背景",
            "荣誉奖项",
            "证书",
            "出版物",
            "专业技能",
            "语言能力",
            "兴趣爱好",
            "推荐人",
            "项目经历",
        ],
    },
    Locale {
        code: "ja",
        months: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"],
        order: MonthOrder::YearMonth { year: "年", month: "月" },
        present: "現在",
        document: "履歴書",
        photo: "{name}の写真",
        nameless_photo: "写真",
        titles: [
            "概要",
            "職歴",
            "ボランティア活動",
            "学歴",
            "受賞歴",
            "資格",
            "著作・論文",
            "スキル",
            "語学",
            "趣味・関心",
            "推薦者",
            "プロジェクト",
        ],
    },
    Locale {
        code: "ko",
        months: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"],
        order: MonthOrder::YearMonth { year: "년 ", month: "월" },
        present: "현재",
        document: "이력서",
        photo: "{name}의 사진",
        nameless_photo: "사진",
        titles: [
            "요약",
            "경력",
            "봉사 활동",
            "학력",
            "수상 경력",
            "자격증",
            "출판물",
            "기술",
            "언어",
            "관심 분야",
            "추천인",
            "프로젝트",
        ],
    },
    Locale {
        code: "ru",
        months: [
            "янв.",
            "февр.",
            "март",
            "апр.",
            "май",
            "июнь",
            "июль",
            "авг.",
            "сент.",
            "окт.",
            "нояб.",
            "дек.",
        ],
        order: MonthOrder::NameYear,
        present: "настоящее время",
        document: "Резюме",
        photo: "Фото: {name}",
        nameless_photo: "Фото",
        titles: [
            "О себе",
            "Опыт работы",
            "Волонтёрство",
            "Образование",
            "Награды",
            "Сертификаты",
            "Публикации",
            "Навыки",
            "Языки",
            "Интересы",
            "Рекомендации",
            "Проекты",
        ],
    },
    Locale {
        code: "it",
        months: [
            "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
        ],
        order: MonthOrder::NameYear,
        present: "oggi",
        document: "Curriculum vitae",
        photo: "Foto di {name}",
        nameless_photo: "Foto",
        titles: [
            "Profilo",
            "Esperienza professionale",
            "Volontariato",
            "Istruzione",
            "Riconoscimenti",
            "Certificazioni",
            "Pubblicazioni",
            "Competenze",
            "Lingue",
            "Interessi",
            "Referenze",
            "Progetti",
        ],
    },
    Locale {
        code: "pt",
        months: [
            "jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.",
            "dez.",
        ],
        order: MonthOrder::NameYear,
        present: "atual",
        document: "Currículo",
        photo: "Foto de {name}",
        nameless_photo: "Foto",
        titles: [
            "Perfil",
            "Experiência profissional",
            "Voluntariado",
            "Formação",
            "Prêmios",
            "Certificações",
            "Publicações",
            "Competências",
            "Idiomas",
            "Interesses",
            "Referências",
            "Projetos",
        ],
    },
    Locale {
        code: "nl",
        months: [
            "jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
            "dec.",
        ],
        order: MonthOrder::NameYear,
        present: "heden",
        document: "Curriculum vitae",
        photo: "Foto van {name}",
        nameless_photo: "Foto",
        titles: [
            "Profiel",
            "Werkervaring",
            "Vrijwilligerswerk",
            "Opleiding",
            "Prijzen",
            "Certificaten",
            "Publicaties",
            "Vaardigheden",
            "Talen",
            "Interesses",
            "Referenties",
            "Projecten",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_by_primary_subtag_with_english_fallback() {
        assert_eq!(Locale::for_tag("de-AT").code, "de");
        assert_eq!(Locale::for_tag("zh_CN").code, "zh");
        assert_eq!(Locale::for_tag("tlh").code, "en");
        assert!(!Locale::knows("tlh"));
    }

    #[test]
    fn months_in_each_order() {
        assert_eq!(Locale::for_tag("en").month_year(6, 2024), "Jun 2024");
        assert_eq!(Locale::for_tag("de").month_year(3, 2024), "März 2024");
        assert_eq!(Locale::for_tag("zh-CN").month_year(6, 2024), "2024年6月");
        assert_eq!(Locale::for_tag("ko").month_year(11, 2024), "2024년 11월");
        assert_eq!(Locale::for_tag("it").month_year(6, 2024), "giu 2024");
        assert_eq!(Locale::for_tag("pt-BR").month_year(10, 2024), "out. 2024");
        assert_eq!(Locale::for_tag("nl").month_year(3, 2024), "mrt. 2024");
        assert_eq!(Locale::for_tag("it").span(2, 1), "2 anni 1 mese");
        assert_eq!(Locale::for_tag("nl").span(3, 2), "3 jaar 2 maanden");
    }

    #[test]
    fn titles_follow_the_enum() {
        let fr = Locale::for_tag("fr");
        assert_eq!(fr.title(Title::Education), "Formation");
        assert_eq!(fr.title(Title::Projects), "Projets");
        assert_eq!(Locale::for_tag("ja").title(Title::Experience), "職歴");
    }
}
