extension String {
    /// A string from a NUL-terminated C buffer the kernel or libc filled in.
    init(cBuffer: [CChar]) {
        self = String(decoding: cBuffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
