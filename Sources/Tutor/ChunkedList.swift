/// An append-mostly list stored in chunks of 256, so that a copy shares every full chunk:
/// appending to or changing the end of a copy copies one chunk and the chunk table, never
/// the whole list. The replay player keeps a SessionState every few hundred events; with
/// plain arrays each saved state held its own copy of every trace line (1.4 GB for a
/// 100,000-event recording), with chunks they share them.
public struct ChunkedList<Element>: RandomAccessCollection, MutableCollection {
    static var chunkShift: Int { 8 }
    static var chunkSize: Int { 1 << chunkShift }

    private var chunks: [[Element]] = []
    public private(set) var count = 0

    public init() {}

    public init(_ elements: some Sequence<Element>) {
        for e in elements { append(e) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public func index(after i: Int) -> Int { i + 1 }
    public func index(before i: Int) -> Int { i - 1 }

    public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "ChunkedList index out of range")
            return chunks[position >> Self.chunkShift][position & (Self.chunkSize - 1)]
        }
        set {
            precondition(position >= 0 && position < count, "ChunkedList index out of range")
            chunks[position >> Self.chunkShift][position & (Self.chunkSize - 1)] = newValue
        }
    }

    public mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }
}

extension ChunkedList: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension ChunkedList: Sendable where Element: Sendable {}

extension ChunkedList: Equatable where Element: Equatable {
    public static func == (a: ChunkedList, b: ChunkedList) -> Bool { a.count == b.count && a.elementsEqual(b) }
}

extension ChunkedList: Hashable where Element: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for e in self { hasher.combine(e) }
    }
}
