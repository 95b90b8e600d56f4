import Foundation

/// The Python of the descriptor-table and framing steps: several lines each, doing call
/// for call what StepExecutor+Streams does.
extension PythonLine {
    /// listdir, then readlink of each entry; the listing's own descriptor is gone by then.
    static func descriptorTable(_ name: String) -> String {
        """
        \(name) = {}
        for entry in os.listdir('/proc/self/fd'):
            try:
                \(name)[int(entry)] = os.readlink('/proc/self/fd/' + entry)
            except FileNotFoundError:
                pass  # listdir's own descriptor, closed when listdir returned
        \(name)
        """
    }

    static func sendFrame(_ socket: String, _ payload: String) -> String {
        """
        frame = \(payload)
        \(socket).sendall(struct.pack('!I', len(frame)) + frame)
        """
    }

    /// Shown once, before the lesson's first recv_frame (PythonImports.plan).
    static let receiveExactlyDefinition = """
        def recv_exactly(sock, n):
            data = b''
            while len(data) < n:
                chunk = sock.recv(n - len(data))
                if not chunk:
                    raise EOFError('the peer closed in the middle of a frame')
                data += chunk
            return data

        """

    static func receiveFrame(_ socket: String, _ name: String) -> String {
        """
        length, = struct.unpack('!I', recv_exactly(\(socket), 4))
        \(name) = recv_exactly(\(socket), length)
        """
    }
}
