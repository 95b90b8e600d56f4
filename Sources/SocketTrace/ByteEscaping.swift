import Foundation

/// Bytes as a short, safe, C/Python-style literal: printable ASCII as is, the usual
/// escapes for \n \r \t and the quote, \xNN for everything else; cut at `limit` bytes.
public enum ByteEscaping {
    public static func escape(_ data: Data, limit: Int = 32, quote: Character = "\"") -> String {
        var out = ""
        for byte in data.prefix(limit) {
            switch byte {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x5C: out += "\\\\"
            case UInt8(ascii: quote.unicodeScalars.first!): out += "\\" + String(quote)
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += String(format: "\\x%02x", byte)
            }
        }
        if data.count > limit { out += "…" }
        return out
    }
}
