//! Model stage, importing: a file that does not say its language (a JSON Resume file
//! without `meta.language`) → the language its name or its text is in.
//!
//! A German résumé read as English gets English section titles, English month names,
//! English hyphenation ("vere-infache") and `/Lang en-US` for screen readers. Files often
//! carry the language in their name (`resume.de.json`); otherwise the text tells it. The
//! script tells Korean (Hangul), Japanese (kana), Chinese (Han alone), Thai, Hindi
//! (Devanagari), Bengali, Hebrew, Russian or Ukrainian (Cyrillic, with і ї є ґ or not),
//! and Arabic, Persian or Urdu (Arabic script, by the letters only each of them writes);
//! among languages in Latin letters, their most common short words and the letters only
//! they use do: a résumé's summary and bullets hold dozens of "und", "pour" or "the". The
//! guess is taken only when it is clear; English, the default, needs no guess.

/// Why the language was taken: the file's name or its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Evidence {
    Name,
    Text,
}

/// The languages a file name may give (those cvpdf has words or hyphenation for).
const NAMED: [&str; 25] = [
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "pl", "cs", "ru", "zh", "ja", "ko", "uk",
    "tr", "vi", "id", "hi", "bn", "th", "ar", "he", "fa",
];

/// Codes that are also words in file names (`user_id.json`): a language only after a dot.
const DOTTED: [&str; 1] = ["id"];

/// Short words common in each language's prose and rare in the others'.
const WORDS: [(&str, &[&str]); 14] = [
    ("en", &["the", "and", "of", "to", "for", "with", "on", "from", "is", "was", "an", "by"]),
    (
        "de",
        &[
            "und", "der", "die", "das", "mit", "für", "von", "zu", "im", "den", "ist", "auf",
            "bei", "eine", "einer",
        ],
    ),
    (
        "fr",
        &["et", "le", "les", "des", "du", "pour", "dans", "avec", "une", "sur", "au", "aux", "est"],
    ),
    ("es", &["y", "el", "los", "las", "del", "para", "con", "una", "por", "que", "se", "al"]),
    (
        "it",
        &["il", "di", "per", "con", "una", "della", "nel", "che", "gli", "dei", "delle", "alla"],
    ),
    ("pt", &["o", "os", "do", "da", "para", "com", "em", "uma", "no", "na", "dos", "das", "ao"]),
    ("nl", &["en", "het", "van", "voor", "met", "een", "op", "te", "bij", "naar", "zijn", "wordt"]),
    ("sv", &["och", "att", "för", "med", "på", "av", "ett", "som", "till", "jag", "inom"]),
    ("da", &["og", "at", "for", "med", "på", "af", "et", "som", "til", "jeg", "inden"]),
    ("pl", &["i", "w", "z", "na", "do", "dla", "oraz", "się", "od", "jest", "przez"]),
    ("cs", &["a", "v", "na", "s", "se", "pro", "do", "z", "je", "jako", "ve", "při"]),
    ("tr", &["ve", "bir", "bu", "için", "ile", "olarak", "olan", "daha", "gibi", "ayrıca"]),
    ("vi", &["và", "của", "các", "cho", "với", "trong", "được", "những", "một", "là", "để", "có"]),
    // Not "di", Italian's too. Malay shares these, and is taken for Indonesian.
    (
        "id",
        &[
            "dan", "yang", "untuk", "dengan", "dari", "pada", "ini", "dalam", "sebagai", "serta",
            "ke", "oleh", "juga",
        ],
    ),
];

/// Letters that only some languages in Latin letters use, a telling word each.
const LETTERS: [(&str, &str); 9] = [
    ("de", "äöüß"),
    ("fr", "èêàçœùâîô"),
    ("es", "ñ¿¡"),
    ("pt", "ãõ"),
    ("da", "øæ"),
    ("pl", "ąęłśżźńć"),
    ("cs", "řěůčšžťďň"),
    ("tr", "ğışİ"),
    // Not ă (Romanian's too) nor đ (Croatian's).
    ("vi", "ơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"),
];

/// Characters of résumé prose in traditional Chinese, and the same in simplified
/// (們/们, 個/个, 經/经…): neither string holds a character of the other's writing.
const TRADITIONAL: &str = "們個與為經這發會學專業開關時間對過來說國際務產實項營銷負責導設網絡資數據庫統應組織優歷團隊體師員處變頁錄線";
const SIMPLIFIED: &str = "们个与为经这发会学专业开关时间对过来说国际务产实项营销负责导设网络资数据库统应组织优历团队体师员处变页录线";

/// The language `name` (the file's name) or `texts` (its text values) are in, when it is
/// not English and clearly so; `None` leaves the file English.
pub(crate) fn infer<'t>(
    name: &str,
    texts: impl Iterator<Item = &'t str>,
) -> Option<(&'static str, Evidence)> {
    if let Some(tag) = from_name(name) {
        return (tag != "en").then_some((tag, Evidence::Name));
    }
    from_text(texts).filter(|tag| *tag != "en").map(|tag| (tag, Evidence::Text))
}

/// `resume.de.json`, `cv_fr.json`, `resume-pt.json`: a known language as the last part
/// of the stem.
fn from_name(name: &str) -> Option<&'static str> {
    let file = name.rsplit(['/', '\\']).next()?;
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let (head, last) = stem.rsplit_once(['.', '-', '_'])?;
    let last = last.to_ascii_lowercase();
    let dotted = stem[head.len()..].starts_with('.');
    NAMED.iter().find(|code| **code == last && (dotted || !DOTTED.contains(code))).copied()
}

fn from_text<'t>(texts: impl Iterator<Item = &'t str>) -> Option<&'static str> {
    let (mut hangul, mut kana, mut han, mut cyrillic, mut letters) = (0usize, 0, 0, 0, 0);
    let (mut thai, mut devanagari, mut bengali, mut hebrew) = (0usize, 0, 0, 0);
    // Arabic script, and in it the letters that tell its languages ([`arabic_language`]).
    let mut arabic_script = 0usize;
    let mut tells = ArabicTells::default();
    // Common characters written differently in traditional and simplified Chinese.
    let (mut traditional, mut simplified) = (0usize, 0);
    // Cyrillic letters only Ukrainian writes, and only Russian.
    let (mut ukrainian, mut russian) = (0usize, 0);
    let mut counts = [0usize; WORDS.len()];
    for text in texts {
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            let lower = c.to_lowercase().next().unwrap_or(c);
            for (tag, marks) in LETTERS {
                // İ lowers to i and a combining dot.
                if (marks.contains(lower) || marks.contains(c))
                    && let Some(i) = WORDS.iter().position(|(t, _)| *t == tag)
                {
                    counts[i] += 1;
                }
            }
            match c {
                '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' => hangul += 1,
                '\u{3040}'..='\u{30FF}' => kana += 1,
                '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => {
                    han += 1;
                    traditional += usize::from(TRADITIONAL.contains(c));
                    simplified += usize::from(SIMPLIFIED.contains(c));
                }
                '\u{0400}'..='\u{04FF}' => cyrillic += 1,
                '\u{0E00}'..='\u{0E7F}' => thai += 1,
                '\u{0900}'..='\u{097F}' => devanagari += 1,
                '\u{0980}'..='\u{09FF}' => bengali += 1,
                '\u{0590}'..='\u{05FF}' | '\u{FB1D}'..='\u{FB4F}' => hebrew += 1,
                '\u{0600}'..='\u{06FF}'
                | '\u{0750}'..='\u{077F}'
                | '\u{08A0}'..='\u{08FF}'
                | '\u{FB50}'..='\u{FDFF}'
                | '\u{FE70}'..='\u{FEFF}' => arabic_script += 1,
                _ => {}
            }
            match c {
                'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ہ' => tells.urdu += 1,
                'پ' | 'چ' | 'ژ' | 'گ' => tells.persian += 1,
                'ة' => tells.arabic += 1,
                'ی' | 'ک' => tells.persian_yeh_kaf += 1,
                'ي' | 'ك' => tells.arabic_yeh_kaf += 1,
                _ => {}
            }
            match lower {
                'і' | 'ї' | 'є' | 'ґ' => ukrainian += 1,
                'ы' | 'э' | 'ъ' | 'ё' => russian += 1,
                _ => {}
            }
        }
        for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
            let word = word.to_lowercase();
            for (count, (_, words)) in counts.iter_mut().zip(WORDS) {
                *count += usize::from(words.contains(&word.as_str()));
            }
        }
    }
    // A script of its own: a fifth of the letters is a language, not a name in it.
    let share = |n: usize| n * 5 >= letters && n > 0;
    if share(hangul) {
        return Some("ko");
    }
    if share(kana) || (kana > 0 && share(han)) {
        return Some("ja");
    }
    if share(han) {
        return Some(if traditional > simplified { "zh-Hant" } else { "zh" });
    }
    if share(cyrillic) {
        return Some(if ukrainian > russian { "uk" } else { "ru" });
    }
    if share(thai) {
        return Some("th");
    }
    // Marathi and Nepali write Devanagari too, Assamese the Bengali script; cvpdf has
    // words for Hindi and Bengali, the most written of each.
    if share(devanagari) {
        return Some("hi");
    }
    if share(bengali) {
        return Some("bn");
    }
    // Yiddish is written in Hebrew letters too; résumés in it are far rarer.
    if share(hebrew) {
        return Some("he");
    }
    if share(arabic_script) {
        return Some(arabic_language(arabic_script, &tells));
    }
    // Among Latin languages, by the telling words and letters: a few, twice as many as
    // the next language's; or many, a third more.
    let mut ranked: Vec<(usize, &str)> =
        counts.iter().zip(WORDS).map(|(n, (tag, _))| (*n, tag)).collect();
    ranked.sort_by_key(|&(n, _)| std::cmp::Reverse(n));
    let (best, tag) = ranked[0];
    let next = ranked[1].0;
    let clear = (best >= 4 && best >= 2 * next) || (best >= 12 && best * 3 >= next * 4);
    clear.then_some(tag)
}

/// Counts of the letters that tell the languages written in Arabic script apart.
#[derive(Default)]
struct ArabicTells {
    /// ٹ ڈ ڑ ں ے ہ: Urdu's own, in any Urdu sentence and in no Arabic or Persian word (not
    /// ھ, which Kurdish writes too).
    urdu: usize,
    /// پ چ ژ گ: Persian's (and Urdu's), sounds Arabic has no letter for.
    persian: usize,
    /// ة: Arabic's feminine ending, which Persian writes ه.
    arabic: usize,
    /// ی ک, Persian's shapes of yeh and kaf, and Arabic's ي ك.
    persian_yeh_kaf: usize,
    arabic_yeh_kaf: usize,
}

/// Which language a text in Arabic script (`letters` of it) is in. Urdu when its letters
/// are a twenty-fifth of the text (a word or two of a name are not). Otherwise Persian
/// or Arabic, by پ چ ژ گ against ة, or when the text has neither (a name), by the yeh
/// and kaf each writes; not by yeh and kaf first, since Persian typed on an Arabic
/// keyboard has ي and ك, while its words still hold پ چ ژ گ. Urdu is tagged though cvpdf
/// has no words for it (its dates are English, with a note): the tag still sets `/Lang`
/// for screen readers and lines right to left, and Arabic's words would be wrong.
fn arabic_language(letters: usize, tells: &ArabicTells) -> &'static str {
    let persian = match tells.persian.cmp(&tells.arabic) {
        std::cmp::Ordering::Equal => tells.persian_yeh_kaf > tells.arabic_yeh_kaf,
        more_or_less => more_or_less.is_gt(),
    };
    if tells.urdu > 0 && tells.urdu * 25 >= letters {
        "ur"
    } else if persian {
        "fa"
    } else {
        "ar"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_name_says_its_language() {
        let none = std::iter::empty();
        assert_eq!(infer("cv/resume.de.json", none), Some(("de", Evidence::Name)));
        assert_eq!(infer("lebenslauf_fr.json", std::iter::empty()), Some(("fr", Evidence::Name)));
        assert_eq!(infer("resume-pt.json", std::iter::empty()), Some(("pt", Evidence::Name)));
        assert_eq!(infer("resume.en.json", std::iter::once("und der die das mit")), None);
        // A stem that is only a code, or ends in a word that is none, says nothing.
        assert_eq!(infer("de.json", std::iter::empty()), None);
        assert_eq!(infer("resume.json", std::iter::empty()), None);
        assert_eq!(infer("my-resume.json", std::iter::empty()), None);
    }

    #[test]
    fn its_text_says_it_when_it_is_clear() {
        let text = |s: &'static str| std::iter::once(s);
        let german = "Entwicklung und Betrieb der Plattform für den Handel mit Daten; Leitung \
                      eines Teams von acht Personen und Aufbau der Infrastruktur auf Kubernetes \
                      mit einer Verfügbarkeit von 99,9 % bei der Migration im Jahr 2021";
        assert_eq!(infer("resume.json", text(german)), Some(("de", Evidence::Text)));
        let french = "Conception et développement des services pour la gestion des données \
                      avec une équipe de six personnes; migration des applications vers le \
                      cloud et mise en place du suivi dans les équipes";
        assert_eq!(infer("resume.json", text(french)), Some(("fr", Evidence::Text)));
        let english = "Led the migration of the platform to Kubernetes and built the tracing \
                       system for the company with a team of six";
        assert_eq!(infer("resume.json", text(english)), None);
        assert_eq!(
            infer("resume.json", text("대규모 트래픽을 처리하는 서버")),
            Some(("ko", Evidence::Text))
        );
        assert_eq!(
            infer("resume.json", text("ソフトウェア開発の経験")),
            Some(("ja", Evidence::Text))
        );
        assert_eq!(
            infer("resume.json", text("负责公司核心交易系统的开发")),
            Some(("zh", Evidence::Text))
        );
        assert_eq!(
            infer("resume.json", text("負責公司核心交易系統的開發，帶領團隊完成資料庫遷移")),
            Some(("zh-Hant", Evidence::Text))
        );
        assert_eq!(
            infer("resume.json", text("Разработка серверной части")),
            Some(("ru", Evidence::Text))
        );
        // Too few words to tell: left English.
        assert_eq!(infer("resume.json", text("Kubernetes, Go, und Rust")), None);
        // A short German text, told by its words and letters.
        let short = "Entwickle seit zehn Jahren Steuerungssoftware für Fördertechnik. Großer \
                     Wert auf Prüfbarkeit und saubere Schnittstellen.";
        assert_eq!(infer("resume.json", text(short)), Some(("de", Evidence::Text)));
        // A Chinese name in an English résumé is not Chinese.
        let named = "罗锦华 Led the migration of the platform to Kubernetes and the tracing of \
                     the services for the company with the team";
        assert_eq!(infer("resume.json", text(named)), None);
    }

    #[test]
    fn the_newer_languages_by_name() {
        let named = |name: &str| infer(name, std::iter::empty());
        for (name, tag) in [
            ("resume.tr.json", "tr"),
            ("cv_vi.json", "vi"),
            ("resume-hi.json", "hi"),
            ("resume.bn.json", "bn"),
            ("cv-th.json", "th"),
            ("resume.id.json", "id"),
            ("resume.ar.json", "ar"),
            ("cv_he.json", "he"),
            ("resume-fa.json", "fa"),
        ] {
            assert_eq!(named(name), Some((tag, Evidence::Name)), "{name}");
        }
        // `id` is too common a word in names to count after a dash or an underscore.
        assert_eq!(named("user_id.json"), None);
        assert_eq!(named("resume-id.json"), None);
    }

    #[test]
    fn the_newer_scripts_say_their_language() {
        let text = |s: &'static str| infer("resume.json", std::iter::once(s));
        assert_eq!(text("พัฒนาระบบหลังบ้านสำหรับธนาคาร"), Some(("th", Evidence::Text)));
        assert_eq!(text("सॉफ्टवेयर विकास का पाँच वर्ष का अनुभव"), Some(("hi", Evidence::Text)));
        assert_eq!(text("সফটওয়্যার উন্নয়নে পাঁচ বছরের অভিজ্ঞতা"), Some(("bn", Evidence::Text)));
        assert_eq!(
            text("Розробка серверної частини, підтримка клієнтів"),
            Some(("uk", Evidence::Text))
        );
        assert_eq!(text("פיתוח מערכות תשלום ללקוחות הבנק"), Some(("he", Evidence::Text)));
        // A Ukrainian city's name in Russian prose leaves it Russian.
        assert_eq!(
            text(
                "Разработка серверной части платёжной системы в офисе в Київ, выпуск новых версий"
            ),
            Some(("ru", Evidence::Text))
        );
    }

    #[test]
    fn arabic_persian_or_urdu_by_the_letters_only_each_writes() {
        let text = |s: &str| infer("resume.json", std::iter::once(s)).map(|(tag, _)| tag);
        let arabic = "تطوير نظام الدفع لعملاء البنك وإدارة فريق من خمسة مهندسين في مشاريع \
                      البرمجيات الكبيرة وتصميم بنية الخدمات للشركة";
        assert_eq!(text(arabic), Some("ar"));
        let persian = "توسعه سیستم پرداخت برای مشتریان بانک و مدیریت تیم پنج نفره در \
                       پروژه\u{200c}های نرم\u{200c}افزاری بزرگ";
        assert_eq!(text(persian), Some("fa"));
        // Typed on an Arabic keyboard: ي and ك, yet still پ.
        assert_eq!(text(&persian.replace('ی', "ي").replace('ک', "ك")), Some("fa"));
        let urdu = "سافٹ ویئر ڈویلپمنٹ میں پانچ سال کا تجربہ، بینک کے لیے ادائیگی کا نظام بنایا";
        assert_eq!(text(urdu), Some("ur"));
        // Names alone: by the yeh, or Arabic when nothing tells.
        assert_eq!(text("علی رضایی"), Some("fa"));
        assert_eq!(text("محمد أحمد"), Some("ar"));
        // An Arabic name in an English résumé is not Arabic.
        let named = "محمد Led the migration of the platform to Kubernetes for the company";
        assert_eq!(text(named), None);
        // Nor is a Persian name (with گ) in Arabic prose Persian.
        assert_eq!(text(&format!("{arabic} مع فريق گلستان")), Some("ar"));
    }

    #[test]
    fn the_newer_latin_languages_by_their_words_and_letters() {
        let text = |s: &'static str| infer("resume.json", std::iter::once(s));
        let polish = "Projektowanie i rozwój systemu płatności dla klientów banku; zarządzanie \
                      zespołem pięciu programistów oraz wdrożenie usług w chmurze";
        assert_eq!(text(polish), Some(("pl", Evidence::Text)));
        let turkish = "Şirketin müşteri yönetim sistemi için yeni bir altyapı tasarladım ve \
                       ekibe liderlik ettim; bu süreçte test kapsamını yüzde 80 olarak artırdım";
        assert_eq!(text(turkish), Some(("tr", Evidence::Text)));
        let vietnamese = "Phát triển hệ thống quản lý khách hàng cho công ty và dẫn dắt một \
                          nhóm năm người trong việc triển khai các dịch vụ trên nền tảng đám mây";
        assert_eq!(text(vietnamese), Some(("vi", Evidence::Text)));
        let indonesian = "Mengembangkan sistem pembayaran untuk pelanggan bank dan memimpin tim \
                          yang terdiri dari lima orang dalam migrasi layanan ke cloud";
        assert_eq!(text(indonesian), Some(("id", Evidence::Text)));
        // English with a contraction ("ve") and a Dan stays English.
        let english = "I've led the migration of the platform to Kubernetes with Dan and built \
                       the tracing system for the company";
        assert_eq!(text(english), None);
    }
}
