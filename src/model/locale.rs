//! Model stage, languages: a résumé's BCP 47 tag → the words cvpdf writes itself in that
//! language: month names, "present", and the titles of sections it names (imports).
//!
//! Only the primary subtag counts (`de-AT` is `de`, and Hebrew's old tag `iw` is `he`); an
//! unknown language gets English. Month names, and their order with the year, are CLDR's
//! `yMMM` pattern's, in the Gregorian calendar. Numbers are written in the digits 0-9 in
//! every language, also where CLDR numbers in a script's own digits (Bengali, Persian,
//! Arabic in Egypt and the Arab East): the applicant tracking systems that read a résumé's
//! dates expect them, and the author, who writes the rest, can still write ২০২৪ or ۲۰۲۴
//! in their own text.

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
    /// The primary language subtag, `en`; `zh-Hant` for Chinese in traditional
    /// characters.
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
        let primary = primary(tag);
        let code = if primary == "zh" && is_traditional_chinese(tag) { "zh-Hant" } else { primary };
        LOCALES.iter().find(|l| l.code == code).unwrap_or(&LOCALES[0])
    }

    /// Whether cvpdf has this language's words (otherwise it writes English).
    pub fn knows(tag: &str) -> bool {
        let primary = primary(tag);
        LOCALES.iter().any(|l| l.code == primary)
    }

    /// How long something lasted: "2 years 3 months", "1 Jahr", "2年3个月"; the years or
    /// the months left out when there are none.
    pub fn span(&self, years: u32, months: u32) -> String {
        if let Some(span) = self.span_with_dual(years, months) {
            return span;
        }
        // (one, few, many), after CLDR's plural rules.
        let (year, month): ([&str; 3], [&str; 3]) = match self.code {
            "de" => (["Jahr", "Jahre", "Jahre"], ["Monat", "Monate", "Monate"]),
            "fr" => (["an", "ans", "ans"], ["mois", "mois", "mois"]),
            "es" => (["año", "años", "años"], ["mes", "meses", "meses"]),
            "it" => (["anno", "anni", "anni"], ["mese", "mesi", "mesi"]),
            "pt" => (["ano", "anos", "anos"], ["mês", "meses", "meses"]),
            "nl" => (["jaar", "jaar", "jaar"], ["maand", "maanden", "maanden"]),
            "ru" => (["год", "года", "лет"], ["месяц", "месяца", "месяцев"]),
            "zh" => (["年"; 3], ["个月"; 3]),
            "zh-Hant" => (["年"; 3], ["個月"; 3]),
            "ja" => (["年"; 3], ["か月"; 3]),
            "ko" => (["년"; 3], ["개월"; 3]),
            "sv" => (["år"; 3], ["månad", "månader", "månader"]),
            "pl" => (["rok", "lata", "lat"], ["miesiąc", "miesiące", "miesięcy"]),
            "cs" => (["rok", "roky", "let"], ["měsíc", "měsíce", "měsíců"]),
            "uk" => (["рік", "роки", "років"], ["місяць", "місяці", "місяців"]),
            "tr" => (["yıl"; 3], ["ay"; 3]),
            "vi" => (["năm"; 3], ["tháng"; 3]),
            "id" => (["tahun"; 3], ["bulan"; 3]),
            "hi" => (["वर्ष"; 3], ["महीना", "महीने", "महीने"]),
            "bn" => (["বছর"; 3], ["মাস"; 3]),
            "th" => (["ปี"; 3], ["เดือน"; 3]),
            // Persian counts without a plural: "2 سال".
            "fa" => (["سال"; 3], ["ماه"; 3]),
            _ => (["year", "years", "years"], ["month", "months", "months"]),
        };
        let form = |n: u32| {
            let (ten, hundred) = (n % 10, n % 100);
            let few = (2..=4).contains(&ten) && !(12..=14).contains(&hundred);
            match self.code {
                // Russian and Ukrainian count 21 as one, Polish only 1: "21 рік", "21 lat".
                "ru" | "uk" if ten == 1 && hundred != 11 => 0,
                "ru" | "uk" | "pl" if few => 1,
                "ru" | "uk" | "pl" if n != 1 => 2,
                // Czech's few is 2-4 alone: "22 let".
                "cs" if (2..=4).contains(&n) => 1,
                "cs" if n != 1 => 2,
                _ if n == 1 => 0,
                _ => 1,
            }
        };
        // Chinese and Japanese write the number against its word, and no space between.
        let close = matches!(self.code, "zh" | "zh-Hant" | "ja");
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

    /// [`Locale::span`] in Arabic and Hebrew, which say one and two by the noun alone, in
    /// the singular and the dual ("سنتان", "שנתיים": two years), and count the rest with
    /// plural forms of their own (Arabic: "3 سنوات" to ten, "11 سنة" from eleven). CLDR's
    /// long unit patterns, by plural category. The years and the months are joined by
    /// "and", which both write against the next word: two bare nouns side by side ("سنة
    /// شهر") would read as one phrase. `None` for the other languages.
    fn span_with_dual(&self, years: u32, months: u32) -> Option<String> {
        // (zero, one, two, few, many, other), with `{0}` for the number.
        let (year, month, and): ([&str; 6], [&str; 6], &str) = match self.code {
            "ar" => (
                ["{0} سنة", "سنة", "سنتان", "{0} سنوات", "{0} سنة", "{0} سنة"],
                ["{0} شهر", "شهر", "شهران", "{0} أشهر", "{0} شهرًا", "{0} شهر"],
                "و",
            ),
            "he" => (
                ["{0} שנים", "שנה", "שנתיים", "{0} שנים", "{0} שנים", "{0} שנים"],
                ["{0} חודשים", "חודש", "חודשיים", "{0} חודשים", "{0} חודשים", "{0} חודשים"],
                "ו",
            ),
            _ => return None,
        };
        let category = |n: u32| match (self.code, n, n % 100) {
            ("ar", 0, _) => 0,
            (_, 1, _) => 1,
            (_, 2, _) => 2,
            ("ar", _, 3..=10) => 3,
            ("ar", _, 11..=99) => 4,
            _ => 5,
        };
        let parts: Vec<String> = [(years, year), (months, month)]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, patterns)| patterns[category(n)].replace("{0}", &n.to_string()))
            .collect();
        Some(match parts.as_slice() {
            [years, months] => {
                // Hebrew puts a maqaf between a prefix and a digit: "ו־3".
                let maqaf = self.code == "he" && months.starts_with(|c: char| c.is_ascii_digit());
                format!("{years} {and}{}{months}", if maqaf { "\u{5be}" } else { "" })
            }
            _ => parts.concat(),
        })
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

/// The [`Locale::code`] a BCP 47 tag's primary subtag names, in any case and with
/// Hebrew's old `iw` as `he` (Java and older Android still report it); empty for a
/// language cvpdf has no words for.
fn primary(tag: &str) -> &'static str {
    let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    match primary.as_str() {
        "iw" => "he",
        other => LOCALES.iter().map(|l| l.code).find(|code| *code == other).unwrap_or(""),
    }
}

/// Whether text in the language of a BCP 47 tag is written right to left: a script
/// subtag says so when there is one (`az-Arab` is, `sd-Deva` is not), otherwise the
/// language's usual script does (Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi, Yiddish,
/// Dhivehi, Sorani Kurdish, Uyghur and Syriac are).
pub fn is_right_to_left(tag: &str) -> bool {
    let mut subtags = tag.split(['-', '_']).map(str::to_ascii_lowercase);
    let primary = subtags.next().unwrap_or_default();
    // The script is the four-letter subtag: an extended language subtag (three letters)
    // may come before it, a region or a variant (which has a digit or another length)
    // after. Extensions and private use, after a single letter, are not read: `-u-nu-arab`
    // asks for Arabic digits, not script.
    let script = subtags
        .take_while(|s| s.len() > 1)
        .find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()));
    match script.as_deref() {
        Some(script) => matches!(
            script,
            "arab" | "aran" | "hebr" | "syrc" | "thaa" | "nkoo" | "adlm" | "rohg" | "samr" | "mand"
        ),
        None => matches!(
            primary.as_str(),
            "ar" | "he" | "iw" | "fa" | "ur" | "ps" | "sd" | "yi" | "dv" | "ckb" | "ug" | "syr"
        ),
    }
}

/// Whether a Chinese tag asks for traditional characters: the script `Hant`, or the
/// regions that write them (Taiwan, Hong Kong, Macau) unless the script says `Hans`.
fn is_traditional_chinese(tag: &str) -> bool {
    let subtags: Vec<String> = tag.split(['-', '_']).skip(1).map(str::to_ascii_lowercase).collect();
    let has = |s: &str| subtags.iter().any(|t| t == s);
    has("hant") || (!has("hans") && ["tw", "hk", "mo"].into_iter().any(has))
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
    // Taiwan's words, which Hong Kong and Macau read too (Hong Kong writes 項目 for a
    // project, and 義工 for volunteering).
    Locale {
        code: "zh-Hant",
        months: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"],
        order: MonthOrder::YearMonth { year: "年", month: "月" },
        present: "至今",
        document: "履歷",
        photo: "{name}的照片",
        nameless_photo: "照片",
        titles: [
            "個人簡介",
            "工作經歷",
            "志工經歷",
            "學歷",
            "榮譽獎項",
            "證照",
            "著作",
            "專業技能",
            "語言能力",
            "興趣",
            "推薦人",
            "專案經歷",
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
    Locale {
        code: "sv",
        months: [
            "jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.",
            "dec.",
        ],
        order: MonthOrder::NameYear,
        present: "nu",
        document: "CV",
        photo: "Foto av {name}",
        nameless_photo: "Foto",
        titles: [
            "Profil",
            "Arbetslivserfarenhet",
            "Ideellt arbete",
            "Utbildning",
            "Utmärkelser",
            "Certifieringar",
            "Publikationer",
            "Kompetenser",
            "Språk",
            "Intressen",
            "Referenser",
            "Projekt",
        ],
    },
    Locale {
        code: "pl",
        months: [
            "sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru",
        ],
        order: MonthOrder::NameYear,
        present: "obecnie",
        document: "CV",
        // "Zdjęcie {name}" would need the name in the genitive.
        photo: "Zdjęcie: {name}",
        nameless_photo: "Zdjęcie",
        titles: [
            "Profil zawodowy",
            "Doświadczenie zawodowe",
            "Wolontariat",
            "Wykształcenie",
            "Nagrody",
            "Certyfikaty",
            "Publikacje",
            "Umiejętności",
            "Języki obce",
            "Zainteresowania",
            "Referencje",
            "Projekty",
        ],
    },
    Locale {
        code: "cs",
        // CLDR's yMMM is "LLLL y" for Czech: the whole stand-alone name, not "čvn".
        months: [
            "leden",
            "únor",
            "březen",
            "duben",
            "květen",
            "červen",
            "červenec",
            "srpen",
            "září",
            "říjen",
            "listopad",
            "prosinec",
        ],
        order: MonthOrder::NameYear,
        present: "současnost",
        document: "Životopis",
        photo: "Fotografie: {name}",
        nameless_photo: "Fotografie",
        titles: [
            "Profil",
            "Pracovní zkušenosti",
            "Dobrovolnictví",
            "Vzdělání",
            "Ocenění",
            "Certifikáty",
            "Publikace",
            "Dovednosti",
            "Jazyky",
            "Zájmy",
            "Reference",
            "Projekty",
        ],
    },
    Locale {
        code: "uk",
        // CLDR's yMMM adds " р." (рік); left out as Russian's " г." is, since a range
        // would repeat it on both ends where CLDR writes "рр." once.
        months: [
            "січ.",
            "лют.",
            "бер.",
            "квіт.",
            "трав.",
            "черв.",
            "лип.",
            "серп.",
            "вер.",
            "жовт.",
            "лист.",
            "груд.",
        ],
        order: MonthOrder::NameYear,
        present: "теперішній час",
        document: "Резюме",
        photo: "Фото: {name}",
        nameless_photo: "Фото",
        titles: [
            "Про себе",
            "Досвід роботи",
            "Волонтерство",
            "Освіта",
            "Нагороди",
            "Сертифікати",
            "Публікації",
            "Навички",
            "Мови",
            "Інтереси",
            "Рекомендації",
            "Проєкти",
        ],
    },
    Locale {
        code: "tr",
        months: [
            "Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara",
        ],
        order: MonthOrder::NameYear,
        present: "halen",
        document: "Özgeçmiş",
        // "{name}'in" would need the suffix to follow the name's vowels.
        photo: "Fotoğraf: {name}",
        nameless_photo: "Fotoğraf",
        titles: [
            "Profil",
            "İş deneyimi",
            "Gönüllü çalışmalar",
            "Eğitim",
            "Ödüller",
            "Sertifikalar",
            "Yayınlar",
            "Yetenekler",
            "Diller",
            "İlgi alanları",
            "Referanslar",
            "Projeler",
        ],
    },
    Locale {
        code: "vi",
        // CLDR's abbreviations are the word and the month's number; its yMMM is "MMM y".
        months: [
            "thg 1", "thg 2", "thg 3", "thg 4", "thg 5", "thg 6", "thg 7", "thg 8", "thg 9",
            "thg 10", "thg 11", "thg 12",
        ],
        order: MonthOrder::NameYear,
        present: "hiện tại",
        document: "CV",
        photo: "Ảnh của {name}",
        nameless_photo: "Ảnh",
        titles: [
            "Giới thiệu",
            "Kinh nghiệm làm việc",
            "Hoạt động tình nguyện",
            "Học vấn",
            "Giải thưởng",
            "Chứng chỉ",
            "Ấn phẩm",
            "Kỹ năng",
            "Ngoại ngữ",
            "Sở thích",
            "Người tham chiếu",
            "Dự án",
        ],
    },
    Locale {
        code: "id",
        months: [
            "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
        ],
        order: MonthOrder::NameYear,
        present: "sekarang",
        document: "Daftar Riwayat Hidup",
        photo: "Foto {name}",
        nameless_photo: "Foto",
        titles: [
            "Profil",
            "Pengalaman kerja",
            "Pengalaman relawan",
            "Pendidikan",
            "Penghargaan",
            "Sertifikasi",
            "Publikasi",
            "Keahlian",
            "Bahasa",
            "Minat",
            "Referensi",
            "Proyek",
        ],
    },
    Locale {
        code: "hi",
        months: [
            "जन॰",
            "फ़र॰",
            "मार्च",
            "अप्रैल",
            "मई",
            "जून",
            "जुल॰",
            "अग॰",
            "सित॰",
            "अक्टू॰",
            "नव॰",
            "दिस॰",
        ],
        order: MonthOrder::NameYear,
        present: "वर्तमान",
        document: "बायोडाटा",
        photo: "{name} की तस्वीर",
        nameless_photo: "तस्वीर",
        titles: [
            "सारांश",
            "कार्य अनुभव",
            "स्वयंसेवा",
            "शिक्षा",
            "पुरस्कार",
            "प्रमाणपत्र",
            "प्रकाशन",
            "कौशल",
            "भाषाएँ",
            "रुचियाँ",
            "संदर्भ",
            "परियोजनाएँ",
        ],
    },
    Locale {
        code: "bn",
        // CLDR numbers Bengali in its own digits (beng), but years here stay 0-9: the
        // application tracking systems that read a résumé's dates expect them, and the
        // author, who writes the rest, can still write ২০২৪ in their own text.
        months: ["জানু", "ফেব", "মার্চ", "এপ্রি", "মে", "জুন", "জুল", "আগ", "সেপ", "অক্টো", "নভে", "ডিসে"],
        order: MonthOrder::NameYear,
        present: "বর্তমান",
        document: "জীবনবৃত্তান্ত",
        photo: "{name}-এর ছবি",
        nameless_photo: "ছবি",
        titles: [
            "সারসংক্ষেপ",
            "কাজের অভিজ্ঞতা",
            "স্বেচ্ছাসেবা",
            "শিক্ষাগত যোগ্যতা",
            "পুরস্কার",
            "সনদপত্র",
            "প্রকাশনা",
            "দক্ষতা",
            "ভাষা",
            "আগ্রহ",
            "রেফারেন্স",
            "প্রকল্প",
        ],
    },
    Locale {
        code: "th",
        // The Gregorian year (CLDR's gregorian yMMM, "MMM y"), not the Buddhist era Thai
        // defaults to: the résumé's own dates are Gregorian, as are the ones trackers
        // parse, and a Thai reader cannot take 2024 for a year of the era (2567).
        months: [
            "ม.ค.",
            "ก.พ.",
            "มี.ค.",
            "เม.ย.",
            "พ.ค.",
            "มิ.ย.",
            "ก.ค.",
            "ส.ค.",
            "ก.ย.",
            "ต.ค.",
            "พ.ย.",
            "ธ.ค.",
        ],
        order: MonthOrder::NameYear,
        present: "ปัจจุบัน",
        document: "ประวัติย่อ",
        photo: "รูปถ่ายของ {name}",
        nameless_photo: "รูปถ่าย",
        titles: [
            "เกี่ยวกับฉัน",
            "ประสบการณ์การทำงาน",
            "งานอาสาสมัคร",
            "ประวัติการศึกษา",
            "รางวัล",
            "ประกาศนียบัตร",
            "ผลงานตีพิมพ์",
            "ทักษะ",
            "ภาษา",
            "ความสนใจ",
            "บุคคลอ้างอิง",
            "โครงการ",
        ],
    },
    Locale {
        code: "ar",
        // CLDR's abbreviated months are the whole names: those of Egypt and the Gulf,
        // which CLDR gives Modern Standard Arabic. The Levant and Iraq ("حزيران") and the
        // Maghreb ("جوان") name the months otherwise, and set `dates.month-names` for them.
        months: [
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ],
        order: MonthOrder::NameYear,
        // "Until now", what Arabic résumés and job boards end an ongoing range with
        // (as Chinese writes 至今); "الحاضر", "the present", reads as a translation.
        present: "حتى الآن",
        document: "السيرة الذاتية",
        photo: "صورة {name}",
        nameless_photo: "صورة",
        titles: [
            "الملخص المهني",
            "الخبرة العملية",
            "العمل التطوعي",
            "التعليم",
            "الجوائز",
            "الشهادات",
            "المنشورات",
            "المهارات",
            "اللغات",
            "الاهتمامات",
            "المراجع",
            "المشاريع",
        ],
    },
    Locale {
        code: "he",
        // CLDR's abbreviations end in a geresh (U+05F3), not an apostrophe.
        months: [
            "ינו׳", "פבר׳", "מרץ", "אפר׳", "מאי", "יוני", "יולי", "אוג׳", "ספט׳", "אוק׳", "נוב׳",
            "דצמ׳",
        ],
        order: MonthOrder::NameYear,
        // "Today", as Hebrew résumés end an ongoing range; "הווה" is the grammar's
        // present tense.
        present: "היום",
        document: "קורות חיים",
        photo: "תמונה של {name}",
        nameless_photo: "תמונה",
        titles: [
            "פרופיל אישי",
            "ניסיון תעסוקתי",
            "התנדבות",
            "השכלה",
            "פרסים",
            "הסמכות",
            "פרסומים",
            "כישורים",
            "שפות",
            "תחומי עניין",
            "ממליצים",
            "פרויקטים",
        ],
    },
    Locale {
        code: "fa",
        // The Gregorian months (CLDR's gregorian yMMM, "MMM y"), not the Solar Hijri
        // calendar Persian defaults to: the résumé's own dates are Gregorian, as are the
        // ones trackers parse.
        months: [
            "ژانویه",
            "فوریه",
            "مارس",
            "آوریل",
            "مه",
            "ژوئن",
            "ژوئیه",
            "اوت",
            "سپتامبر",
            "اکتبر",
            "نوامبر",
            "دسامبر",
        ],
        order: MonthOrder::NameYear,
        // "Until now", as Persian résumés end an ongoing range.
        present: "تاکنون",
        document: "رزومه",
        photo: "عکس {name}",
        nameless_photo: "عکس",
        // A plural suffix stays apart from its word by a zero-width non-joiner, as Persian
        // writes it (escaped, to be seen here).
        titles: [
            "درباره من",
            "سوابق کاری",
            "فعالیت\u{200c}های داوطلبانه",
            "تحصیلات",
            "افتخارات",
            "گواهی\u{200c}نامه\u{200c}ها",
            "انتشارات",
            "مهارت\u{200c}ها",
            "زبان\u{200c}ها",
            "علایق",
            "معرف\u{200c}ها",
            "پروژه\u{200c}ها",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_in_traditional_characters_by_script_or_region() {
        for tag in ["zh-TW", "zh-Hant", "zh-HK", "zh_MO", "zh-Hant-CN"] {
            let locale = Locale::for_tag(tag);
            assert_eq!(locale.code, "zh-Hant", "{tag}");
            assert_eq!(locale.title(Title::Experience), "工作經歷");
            assert_eq!(locale.month_year(6, 2024), "2024年6月");
            assert_eq!(locale.span(2, 3), "2年3個月");
        }
        for tag in ["zh", "zh-CN", "zh-SG", "zh-Hans-TW"] {
            assert_eq!(Locale::for_tag(tag).code, "zh", "{tag}");
        }
        assert!(Locale::knows("zh-TW"));
    }

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

    #[test]
    fn the_languages_after_cldr() {
        // (tag, June 2024, January 2024, present, Skills)
        let cases = [
            ("sv-SE", "juni 2024", "jan. 2024", "nu", "Kompetenser"),
            ("pl-PL", "cze 2024", "sty 2024", "obecnie", "Umiejętności"),
            ("cs-CZ", "červen 2024", "leden 2024", "současnost", "Dovednosti"),
            ("uk-UA", "черв. 2024", "січ. 2024", "теперішній час", "Навички"),
            ("tr-TR", "Haz 2024", "Oca 2024", "halen", "Yetenekler"),
            ("vi-VN", "thg 6 2024", "thg 1 2024", "hiện tại", "Kỹ năng"),
            ("id-ID", "Jun 2024", "Jan 2024", "sekarang", "Keahlian"),
            ("hi-IN", "जून 2024", "जन॰ 2024", "वर्तमान", "कौशल"),
            ("bn-BD", "জুন 2024", "জানু 2024", "বর্তমান", "দক্ষতা"),
            ("th-TH", "มิ.ย. 2024", "ม.ค. 2024", "ปัจจุบัน", "ทักษะ"),
            ("ar-EG", "يونيو 2024", "يناير 2024", "حتى الآن", "المهارات"),
            ("he-IL", "יוני 2024", "ינו׳ 2024", "היום", "כישורים"),
            ("fa-IR", "ژوئن 2024", "ژانویه 2024", "تاکنون", "مهارت\u{200c}ها"),
        ];
        for (tag, june, january, present, skills) in cases {
            assert!(Locale::knows(tag), "{tag}");
            let locale = Locale::for_tag(tag);
            assert_eq!(locale.code, &tag[..2]);
            assert_eq!(locale.month_year(6, 2024), june);
            assert_eq!(locale.month_year(1, 2024), january);
            assert_eq!(locale.present, present);
            assert_eq!(locale.title(Title::Skills), skills);
            assert!(locale.names("Skills", skills));
        }
        // 24 languages, Chinese twice (simplified and traditional characters).
        assert_eq!(LOCALES.len(), 25);
    }

    #[test]
    fn spans_take_each_languages_plural() {
        let spans = |tag: &str| {
            let locale = Locale::for_tag(tag);
            [(1, 0), (2, 3), (5, 0), (22, 11)].map(|(years, months)| locale.span(years, months))
        };
        assert_eq!(spans("pl"), ["1 rok", "2 lata 3 miesiące", "5 lat", "22 lata 11 miesięcy"]);
        assert_eq!(spans("cs"), ["1 rok", "2 roky 3 měsíce", "5 let", "22 let 11 měsíců"]);
        assert_eq!(spans("uk"), ["1 рік", "2 роки 3 місяці", "5 років", "22 роки 11 місяців"]);
        assert_eq!(spans("ru"), ["1 год", "2 года 3 месяца", "5 лет", "22 года 11 месяцев"]);
        assert_eq!(spans("sv"), ["1 år", "2 år 3 månader", "5 år", "22 år 11 månader"]);
        assert_eq!(spans("hi"), ["1 वर्ष", "2 वर्ष 3 महीने", "5 वर्ष", "22 वर्ष 11 महीने"]);
        assert_eq!(spans("tr"), ["1 yıl", "2 yıl 3 ay", "5 yıl", "22 yıl 11 ay"]);
        assert_eq!(spans("vi")[1], "2 năm 3 tháng");
        assert_eq!(spans("id")[1], "2 tahun 3 bulan");
        assert_eq!(spans("bn")[1], "2 বছর 3 মাস");
        assert_eq!(spans("th")[1], "2 ปี 3 เดือน");
        // 21 is one in Russian and Ukrainian, many in Polish and Czech; 12-14 many.
        assert_eq!(Locale::for_tag("uk").span(21, 1), "21 рік 1 місяць");
        assert_eq!(Locale::for_tag("ru").span(21, 1), "21 год 1 месяц");
        assert_eq!(Locale::for_tag("pl").span(21, 1), "21 lat 1 miesiąc");
        assert_eq!(Locale::for_tag("cs").span(21, 4), "21 let 4 měsíce");
        assert_eq!(Locale::for_tag("pl").span(12, 4), "12 lat 4 miesiące");
        assert_eq!(Locale::for_tag("uk").span(14, 0), "14 років");
        assert_eq!(Locale::for_tag("en").span(1, 1), "1 year 1 month");
    }

    #[test]
    fn spans_in_arabic_hebrew_and_persian() {
        let spans = |tag: &str| {
            let locale = Locale::for_tag(tag);
            [(1, 0), (2, 3), (5, 0), (22, 11)].map(|(years, months)| locale.span(years, months))
        };
        // One and two by the noun alone; 3-10 in the plural; 11-99 in the singular (the
        // month's accusative "شهرًا"); "and" against the next word.
        assert_eq!(spans("ar"), ["سنة", "سنتان و3 أشهر", "5 سنوات", "22 سنة و11 شهرًا"]);
        let ar = Locale::for_tag("ar");
        assert_eq!(ar.span(1, 1), "سنة وشهر");
        assert_eq!(ar.span(11, 2), "11 سنة وشهران");
        assert_eq!(ar.span(10, 10), "10 سنوات و10 أشهر");
        assert_eq!(ar.span(0, 2), "شهران");
        // 100 is "other", 103 "few" again (CLDR counts by the last two digits).
        assert_eq!(ar.span(100, 0), "100 سنة");
        assert_eq!(ar.span(103, 0), "103 سنوات");
        // Hebrew's "and" takes a maqaf before a digit.
        assert_eq!(spans("he"), ["שנה", "שנתיים ו־3 חודשים", "5 שנים", "22 שנים ו־11 חודשים"]);
        let he = Locale::for_tag("he");
        assert_eq!(he.span(1, 1), "שנה וחודש");
        assert_eq!(he.span(3, 2), "3 שנים וחודשיים");
        assert_eq!(he.span(0, 1), "חודש");
        assert_eq!(spans("fa"), ["1 سال", "2 سال 3 ماه", "5 سال", "22 سال 11 ماه"]);
    }

    #[test]
    fn hebrew_by_its_old_tag_too() {
        for tag in ["iw", "iw-IL", "IW_il", "he"] {
            assert!(Locale::knows(tag), "{tag}");
            assert_eq!(Locale::for_tag(tag).code, "he", "{tag}");
        }
        assert_eq!(Locale::for_tag("iw").month_year(8, 2024), "אוג׳ 2024");
    }

    #[test]
    fn right_to_left_by_language_or_script() {
        for tag in ["ar", "ar-EG", "he", "iw-IL", "fa_IR", "ur-PK", "ps", "sd", "yi", "dv", "ckb"] {
            assert!(is_right_to_left(tag), "{tag}");
        }
        for tag in ["ug", "syr", "AR", "az-Arab", "pa-Arab-PK", "ku-arab", "ms-Arab"] {
            assert!(is_right_to_left(tag), "{tag}");
        }
        // A script subtag over the language's usual script; extensions are not scripts.
        for tag in ["en", "de-AT", "sd-Deva", "ug-Cyrl", "en-u-nu-arab", "tr-x-arab", "", "a"] {
            assert!(!is_right_to_left(tag), "{tag}");
        }
    }
}
