import Foundation

/// A call in strace's shape: `bind(3, {AF_INET, 127.0.0.1:0}) = 0`. The arguments that
/// the kernel fills in (recv's buffer, getsockname's address) are shown once known.
public enum TraceLine {
    /// `accept(3, …)`: the call as it starts, or complete with its results when `outcome` is given.
    public static func call(_ c: SocketCall, _ o: CallOutcome?) -> String {
        // A setting is a file read (open, read, close); the path says what it is.
        if case .sysctl(let name) = c { return "read \(KernelSetting.path(name))" }
        // Not a call at all: say so rather than invent a C function.
        if case .fileno = c { return "(no system call) fileno" }
        return "\(c.name)(\(arguments(c, o)))"
    }

    /// `= 5 {127.0.0.1:53110}`, `= -1 ECONNREFUSED (Connection refused)`.
    public static func result(_ c: SocketCall, _ o: CallOutcome) -> String {
        if let e = o.error, o.lookupError == nil {
            // The pthread functions return the error number itself; errno is not set.
            switch c {
            case .threadCreate, .threadJoin: return "= \(e)"
            default: return "= -1 \(e)"
            }
        }
        switch c {
        case .accept:
            return "= \(o.returnValue)" + (o.address.map { " {\($0.hostAndPort)}" } ?? "")
        case .sysctl:
            return "= \(o.value ?? String(o.returnValue))"
        case .getFileFlags:
            return "= \(String(format: "0x%x", o.returnValue)) (flags \(o.value ?? ""))"
        case .poll:
            return o.returnValue == 0 ? "= 0 (Timeout)" : "= \(o.returnValue) ([{revents=\(o.value ?? "")}])"
        case .pollMany:
            return o.returnValue == 0 ? "= 0 (Timeout)" : "= \(o.returnValue) (\(o.value ?? ""))"
        case .threadCreate:
            return "= 0" + (o.value.map { " {tid \($0)}" } ?? "")
        case .getaddrinfo, .getnameinfo:
            if let err = o.lookupError { return "= \(err)" }
            if let list = o.addresses { return "= 0 → [\(list.map(\.description).joined(separator: ", "))]" }
            return "= 0 → \(o.value ?? "")"
        case .getservbyname, .getservbyport, .getprotobyname:
            if o.lookupError != nil { return "= NULL (no entry)" }
            if case .getprotobyname = c { return "= {p_name=\"\(o.value ?? "")\", p_proto=\(o.returnValue)}" }
            return "= \(o.value ?? "")"
        case .fileno:
            return "= \(o.returnValue): the number the socket object keeps"
        case .gethostbyname, .gethostbyaddr:
            if let err = o.lookupError { return "= NULL (h_errno \(err))" }
            let names = (o.value ?? "").split(separator: " ").map(String.init)
            let aliases = names.dropFirst().map { "\"\($0)\"" }.joined(separator: ", ")
            let list = (o.addresses ?? []).map { a in
                switch a { case .inet(let h, _), .inet6(let h, _): h; default: a.hostAndPort }
            }
            return "= {h_name=\"\(names.first ?? "")\", h_aliases=[\(aliases)], h_addr_list=[\(list.joined(separator: ", "))]}"
        case .listDescriptors:
            let shown = (o.descriptors ?? []).map(String.init).joined(separator: ", ")
            return "= \(o.returnValue) entries [\(shown)]" + (o.value.map { " (and \($0))" } ?? "")
        default:
            return "= \(o.returnValue)"
        }
    }

    /// The whole line for a call that has returned.
    public static func complete(_ c: SocketCall, _ o: CallOutcome) -> String {
        "\(call(c, o)) \(result(c, o))"
    }

    static func bytes(_ data: Data?) -> String { "\"\(ByteEscaping.escape(data ?? Data()))\"" }

    static func arguments(_ c: SocketCall, _ o: CallOutcome?) -> String {
        let done = o != nil && o?.error == nil
        switch c {
        case .socket(let family, let type, let proto):
            return "\(family), \(type), \(proto)"
        case .socketpair(let family, let type):
            let fds = o?.descriptors.map { "[\($0.map(String.init).joined(separator: ", "))]" } ?? "…"
            return "\(family), \(type), 0, \(fds)"
        case .bind(let fd, let a), .connect(let fd, let a):
            return "\(fd), \(a)"
        case .listen(let fd, let backlog):
            return "\(fd), \(backlog)"
        case .accept(let fd):
            return "\(fd), …"
        case .send(let fd, let data, let flags):
            return "\(fd), \(bytes(data)), \(data.count), \(flags)"
        case .write(let fd, let data):
            return "\(fd), \(bytes(data)), \(data.count)"
        case .recv(let fd, let size, let flags):
            return "\(fd), \(done ? bytes(o?.bytes) : "…"), \(size), \(flags)"
        case .read(let fd, let size):
            return "\(fd), \(done ? bytes(o?.bytes) : "…"), \(size)"
        case .sendto(let fd, let data, let a):
            return "\(fd), \(bytes(data)), \(data.count), 0, \(a?.description ?? "NULL")"
        case .recvfrom(let fd, let size):
            return "\(fd), \(done ? bytes(o?.bytes) : "…"), \(size), 0, \(done ? (o?.address?.description ?? "NULL") : "…")"
        case .shutdown(let fd, let how):
            return "\(fd), \(how)"
        case .close(let fd):
            return "\(fd)"
        case .setsockopt(let fd, let option, let value):
            let shown = option.isTimeval
                ? "{tv_sec=\(Int(value)), tv_usec=\(Int((value - value.rounded(.towardZero)) * 1e6))}"
                : "[\(Int(value))]"
            return "\(fd), \(option.levelName), \(option), \(shown)"
        case .getsockopt(let fd, let option):
            return "\(fd), \(option.levelName), \(option), \(done ? (option.isTimeval ? o?.value ?? "" : "[\(o?.value ?? "")]") : "…")"
        case .getFileFlags(let fd):
            return "\(fd), F_GETFL"
        case .setFileFlags(let fd, let flags):
            return "\(fd), F_SETFL, \(FileFlags.describe(flags))"
        case .poll(let fd, let events, let timeout):
            return "[{fd=\(fd), events=\(events)}], 1, \(timeout)"
        case .pollMany(let fds, let events, let timeout):
            return "[\(fds.map { "{fd=\($0), events=\(events)}" }.joined(separator: ", "))], \(fds.count), \(timeout)"
        case .threadCreate(let thread, let fd):
            // The argument handed to the new thread is the connection's descriptor.
            return "[\(thread)], NULL, handle, (void *) \(fd)"
        case .threadJoin(let thread):
            return "\(thread), NULL"
        case .getsockname(let fd), .getpeername(let fd):
            return "\(fd), \(done ? (o?.address?.description ?? "…") : "…")"
        case .interfaceMTU(let fd, let interface):
            return "\(fd), SIOCGIFMTU, {ifr_name=\"\(interface)\"\(done ? ", ifr_mtu=\(o?.value ?? "")" : "")}"
        case .sysctl(let name):
            return KernelSetting.path(name)
        case .gethostname:
            return done ? "\"\(o?.value ?? "")\", 256" : "…, 256"
        case .getaddrinfo(let host, let service, let family, let type):
            var hints = [family.value == 0 ? "AF_UNSPEC" : family.name]
            if let type { hints.append(type.name) }
            return "\"\(host)\", \(service.map { "\"\($0)\"" } ?? "NULL"), {\(hints.joined(separator: ", "))}"
        case .getnameinfo(let a, let numeric):
            return "\(a), \(numeric ? "NI_NUMERICHOST|NI_NUMERICSERV" : "0")"
        case .getservbyname(let name, let proto):
            return "\"\(name)\", \(proto.map { "\"\($0)\"" } ?? "NULL")"
        case .getservbyport(let port, let proto):
            return "htons(\(port)), \(proto.map { "\"\($0)\"" } ?? "NULL")"
        case .getprotobyname(let name):
            return "\"\(name)\""
        case .fileno(let fd):
            return "\(fd)"
        case .gethostbyname(let name):
            return "\"\(name)\""
        case .gethostbyaddr(let host):
            return "\(host), \(host.contains(":") ? "16, AF_INET6" : "4, AF_INET")"
        case .listDescriptors:
            return "\"/proc/self/fd\""
        case .readDescriptorLink(let fd):
            return "\"/proc/self/fd/\(fd)\", \(done ? "\"\(o?.value ?? "")\"" : "…"), 4095"
        }
    }
}
