import Foundation
import Glibc

/// UTC times as text, with gmtime_r: Foundation's date formatters load ICU on first use.
enum UTCTime {
    /// `2026-12-04T10:20:30.123Z`, or `20261204T102030.123Z` when `compact` (for file names).
    static func text(_ date: Date, compact: Bool = false) -> String {
        let millis = milliseconds(date)
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let ms = Int(millis - Int64(seconds) * 1000)
        func pad(_ v: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(v).count)) + String(v) }
        let dash = compact ? "" : "-", colon = compact ? "" : ":"
        return pad(Int(parts.tm_year) + 1900, 4) + dash + pad(Int(parts.tm_mon) + 1, 2) + dash + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + colon + pad(Int(parts.tm_min), 2) + colon + pad(Int(parts.tm_sec), 2)
            + "." + pad(ms, 3) + "Z"
    }

    /// The store keeps times as whole milliseconds since 1970-01-01T00:00:00Z.
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
