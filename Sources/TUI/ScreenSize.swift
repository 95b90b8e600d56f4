/// A terminal's size in columns and rows.
public struct ScreenSize: Sendable, Hashable, CustomStringConvertible {
    public var columns: Int
    public var rows: Int
    public init(columns: Int, rows: Int) { self.columns = columns; self.rows = rows }

    /// Every screen is laid out for at least this much.
    public static let minimum = ScreenSize(columns: 80, rows: 24)
    public var isTooSmall: Bool { columns < Self.minimum.columns || rows < Self.minimum.rows }
    public var description: String { "\(columns)×\(rows)" }
}
