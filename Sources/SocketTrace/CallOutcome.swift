import Foundation

/// What came back from one call: the real return value and errno, how long it took, and
/// whatever the call produced (bytes moved, an address, descriptors, a looked-up value).
public struct CallOutcome: Codable, Sendable, Hashable {
    /// As the C function returned it: -1 on failure for the socket calls.
    public var returnValue: Int
    /// errno, captured at once after the call.
    public var error: ErrnoValue?
    /// getaddrinfo/getnameinfo report failure as an EAI_* code, not errno.
    public var lookupError: String?
    public var durationNanoseconds: UInt64
    /// Bytes moved: the part of the data actually sent, or the bytes received.
    public var bytes: Data?
    /// The address produced: accept's peer, recvfrom's sender, getsockname's result …
    public var address: SocketAddress?
    /// The descriptors socketpair made.
    public var descriptors: [Int32]?
    /// A value the call produced, as the trace shows it (an option's value, file flags,
    /// poll's revents, a host or service name).
    public var value: String?
    /// Lookup results (getaddrinfo's addresses).
    public var addresses: [SocketAddress]?

    public init(returnValue: Int, error: ErrnoValue? = nil, durationNanoseconds: UInt64 = 0) {
        self.returnValue = returnValue
        self.error = error
        self.durationNanoseconds = durationNanoseconds
    }

    public var failed: Bool { error != nil || lookupError != nil }
}

/// One call as it happened: who made it, what was asked, what came back.
public struct TracedCall: Codable, Sendable, Hashable {
    public var actor: String
    public var call: SocketCall
    public var outcome: CallOutcome

    public init(actor: String, call: SocketCall, outcome: CallOutcome) {
        self.actor = actor
        self.call = call
        self.outcome = outcome
    }
}
