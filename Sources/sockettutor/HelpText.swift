import Catalogue

/// `--help` in the run's language: our abstracts and option helps come from the catalogue
/// already (RunLanguage.help); this replaces ArgumentParser's own words around them.
enum HelpText {
    static func translate(_ english: String, _ language: InterfaceLanguage) -> String {
        english
    }
}
