/// What a piece of text is, not how it looks: the theme decides colours and attributes.
/// Nothing depends on colour alone: every style also reads right in plain text.
public enum Style: UInt8, Sendable, Hashable, CaseIterable {
    case plain
    case border
    case title
    /// The title of the pane that has focus (also marked by "▸" in the text).
    case focusedTitle
    case heading
    case dim
    case python
    case success
    case failure
    case pending
    case key
    case banner
    case selected
    case note
}
