import Catalogue
import Foundation
import SocketTrace

/// How calls, their results and addresses are spelled in a recording
/// (docs/recording-format.md, "Calls"). Each call is an object whose `op` names it.
extension RecordingFormat {
    static func encode(_ call: SocketCall) -> JSONValue {
        var o = JSONObjectBuilder()
        func op(_ name: String) { o.add("op", name) }
        switch call {
        case .socket(let family, let type, let proto):
            op("socket"); o.add("family", constant(family)); o.add("type", constant(type)); o.add("protocol", proto)
        case .socketpair(let family, let type):
            op("socketpair"); o.add("family", constant(family)); o.add("type", constant(type))
        case .bind(let fd, let address): op("bind"); o.add("fd", fd); o.add("address", encode(address))
        case .listen(let fd, let backlog): op("listen"); o.add("fd", fd); o.add("backlog", backlog)
        case .accept(let fd): op("accept"); o.add("fd", fd)
        case .connect(let fd, let address): op("connect"); o.add("fd", fd); o.add("address", encode(address))
        case .send(let fd, let data, let flags): op("send"); o.add("fd", fd); o.add("data", data); o.add("flags", flags.rawValue)
        case .recv(let fd, let size, let flags): op("recv"); o.add("fd", fd); o.add("size", size); o.add("flags", flags.rawValue)
        case .sendto(let fd, let data, let address):
            op("sendto"); o.add("fd", fd); o.add("data", data); o.add("address", address.map(encode))
        case .recvfrom(let fd, let size): op("recvfrom"); o.add("fd", fd); o.add("size", size)
        case .read(let fd, let size): op("read"); o.add("fd", fd); o.add("size", size)
        case .write(let fd, let data): op("write"); o.add("fd", fd); o.add("data", data)
        case .shutdown(let fd, let how): op("shutdown"); o.add("fd", fd); o.add("how", constant(how))
        case .close(let fd): op("close"); o.add("fd", fd)
        case .setsockopt(let fd, let option, let value):
            op("setsockopt"); o.add("fd", fd); o.add("option", option.rawValue)
            o.add("value", value == value.rounded() && abs(value) < 1e15 ? .int(Int64(value)) : .double(value))
        case .getsockopt(let fd, let option): op("getsockopt"); o.add("fd", fd); o.add("option", option.rawValue)
        case .getFileFlags(let fd): op("fcntl_getfl"); o.add("fd", fd)
        case .setFileFlags(let fd, let flags): op("fcntl_setfl"); o.add("fd", fd); o.add("flags", flags)
        case .poll(let fd, let events, let timeout):
            op("poll"); o.add("fd", fd); o.add("events", events.rawValue); o.add("timeout_ms", timeout)
        case .pollMany(let fds, let events, let timeout):
            // One op for both forms of poll: `fds` (a list) instead of `fd`.
            op("poll"); o.add("fds", JSONValue.array(fds.map { .int(Int64($0)) })); o.add("events", events.rawValue)
            o.add("timeout_ms", timeout)
        case .threadCreate(let thread, let fd): op("pthread_create"); o.add("thread", thread); o.add("fd", fd)
        case .threadJoin(let thread): op("pthread_join"); o.add("thread", thread)
        case .getsockname(let fd): op("getsockname"); o.add("fd", fd)
        case .getpeername(let fd): op("getpeername"); o.add("fd", fd)
        case .interfaceMTU(let fd, let interface): op("ioctl_siocgifmtu"); o.add("fd", fd); o.add("interface", interface)
        case .sysctl(let name): op("sysctl"); o.add("name", name)
        case .gethostname: op("gethostname")
        case .getaddrinfo(let host, let service, let family, let type):
            op("getaddrinfo"); o.add("host", host); o.add("service", service); o.add("family", constant(family))
            o.add("type", type.map(constant))
        case .getnameinfo(let address, let numeric): op("getnameinfo"); o.add("address", encode(address)); o.add("numeric", numeric)
        case .getservbyname(let name, let proto): op("getservbyname"); o.add("name", name); o.add("protocol", proto)
        case .getservbyport(let port, let proto): op("getservbyport"); o.add("port", port); o.add("protocol", proto)
        case .getprotobyname(let name): op("getprotobyname"); o.add("name", name)
        case .fileno(let fd): op("fileno"); o.add("fd", fd)
        case .gethostbyname(let name): op("gethostbyname"); o.add("name", name)
        case .gethostbyaddr(let host): op("gethostbyaddr"); o.add("host", host)
        case .listDescriptors: op("listdir_fds")
        case .readDescriptorLink(let fd): op("readlink_fd"); o.add("fd", fd)
        }
        return o.value
    }

    static func decodeCall(_ f: JSONFields) throws(JSONFields.Failure) -> SocketCall {
        let name = try f.string("op")
        func fd() throws(JSONFields.Failure) -> Int32 { try f.int("fd", as: Int32.self) }
        func size() throws(JSONFields.Failure) -> Int {
            let s = try f.int("size", as: Int.self)
            guard s >= 0 else { throw f.fail(.negativeSize, ["size": .of(s)]) }
            return s
        }
        switch name {
        case "socket":
            return .socket(family: try constant(f, "family"), type: try constant(f, "type"), protocol: try f.int("protocol", as: Int32.self))
        case "socketpair": return .socketpair(family: try constant(f, "family"), type: try constant(f, "type"))
        case "bind": return .bind(fd: try fd(), address: try decodeAddress(f.object("address")))
        case "listen": return .listen(fd: try fd(), backlog: try f.int("backlog", as: Int32.self))
        case "accept": return .accept(fd: try fd())
        case "connect": return .connect(fd: try fd(), address: try decodeAddress(f.object("address")))
        case "send":
            return .send(fd: try fd(), data: try f.data("data"), flags: MessageFlags(rawValue: try f.int("flags", as: Int32.self)))
        case "recv": return .recv(fd: try fd(), size: try size(), flags: MessageFlags(rawValue: try f.int("flags", as: Int32.self)))
        case "sendto":
            let address: SocketAddress? = try f.optionalObject("address").map { (a) throws(JSONFields.Failure) in try decodeAddress(a) }
            return .sendto(fd: try fd(), data: try f.data("data"), address: address)
        case "recvfrom": return .recvfrom(fd: try fd(), size: try size())
        case "read": return .read(fd: try fd(), size: try size())
        case "write": return .write(fd: try fd(), data: try f.data("data"))
        case "shutdown": return .shutdown(fd: try fd(), how: try constant(f, "how"))
        case "close": return .close(fd: try fd())
        case "setsockopt": return .setsockopt(fd: try fd(), option: try option(f), value: try f.number("value"))
        case "getsockopt": return .getsockopt(fd: try fd(), option: try option(f))
        case "fcntl_getfl": return .getFileFlags(fd: try fd())
        case "fcntl_setfl": return .setFileFlags(fd: try fd(), flags: try f.int("flags", as: Int32.self))
        case "poll" where f.has("fds"):
            return .pollMany(fds: try descriptorList(f, "fds"), events: PollEvents(rawValue: try f.int("events", as: Int16.self)),
                             timeoutMilliseconds: try f.int("timeout_ms", as: Int32.self))
        case "pthread_create": return .threadCreate(thread: try f.string("thread"), fd: try fd())
        case "pthread_join": return .threadJoin(thread: try f.string("thread"))
        case "poll":
            return .poll(fd: try fd(), events: PollEvents(rawValue: try f.int("events", as: Int16.self)),
                         timeoutMilliseconds: try f.int("timeout_ms", as: Int32.self))
        case "getsockname": return .getsockname(fd: try fd())
        case "getpeername": return .getpeername(fd: try fd())
        case "ioctl_siocgifmtu": return .interfaceMTU(fd: try fd(), interface: try f.string("interface"))
        case "sysctl": return .sysctl(name: try f.string("name"))
        case "gethostname": return .gethostname
        case "getaddrinfo":
            let type: SocketType? = f.has("type") ? try constant(f, "type") : nil
            return .getaddrinfo(host: try f.string("host"), service: try f.optionalString("service"),
                                family: try constant(f, "family"), type: type)
        case "getnameinfo": return .getnameinfo(address: try decodeAddress(f.object("address")), numeric: try f.bool("numeric"))
        case "getservbyname": return .getservbyname(name: try f.string("name"), protocol: try f.optionalString("protocol"))
        case "getservbyport": return .getservbyport(port: try f.int("port", as: UInt16.self), protocol: try f.optionalString("protocol"))
        case "getprotobyname": return .getprotobyname(name: try f.string("name"))
        case "fileno": return .fileno(fd: try fd())
        case "gethostbyname": return .gethostbyname(name: try f.string("name"))
        case "gethostbyaddr": return .gethostbyaddr(host: try f.string("host"))
        case "listdir_fds": return .listDescriptors
        case "readlink_fd": return .readDescriptorLink(fd: try fd())
        default: throw f.fail(.unknownCall, ["name": .text(String(name.prefix(40)))])
        }
    }

    private static func descriptorList(_ f: JSONFields, _ key: String) throws(JSONFields.Failure) -> [Int32] {
        guard case .array(let items)? = f.value[key] else { throw f.fail(.listOfIntegers, ["key": .text(key)]) }
        var fds: [Int32] = []
        for item in items {
            guard case .int(let i) = item, let fd = Int32(exactly: i) else { throw f.fail(.listOfIntegers, ["key": .text(key)]) }
            fds.append(fd)
        }
        return fds
    }

    private static func option(_ f: JSONFields) throws(JSONFields.Failure) -> SocketOption {
        let name = try f.string("option")
        guard let option = SocketOption(rawValue: name) else { throw f.fail(.unknownSocketOption, ["name": .text(String(name.prefix(40)))]) }
        return option
    }

    /// A named constant as its name (`AF_INET`), or its number when this program has no name for it.
    static func constant<C: NamedConstant>(_ c: C) -> JSONValue {
        C.table.contains { $0.1 == c.value } ? .string(c.name) : .int(Int64(c.value))
    }

    static func constant<C: NamedConstant>(_ f: JSONFields, _ key: String) throws(JSONFields.Failure) -> C {
        if case .int = f.value[key] { return C(value: try f.int(key, as: Int32.self)) }
        let name = try f.string(key)
        guard let c = C(name: name) else { throw f.fail(.unknownConstant, ["key": .text(key), "name": .text(String(name.prefix(40)))]) }
        return c
    }

    static func encode(_ address: SocketAddress) -> JSONValue {
        var o = JSONObjectBuilder()
        switch address {
        case .inet(let host, let port): o.add("family", "AF_INET"); o.add("host", host); o.add("port", port)
        case .inet6(let host, let port): o.add("family", "AF_INET6"); o.add("host", host); o.add("port", port)
        case .unix(let path): o.add("family", "AF_UNIX"); o.add("path", path)
        case .unnamed(let family): o.add("family", constant(AddressFamily(value: family))); o.add("unnamed", true)
        }
        return o.value
    }

    static func decodeAddress(_ f: JSONFields) throws(JSONFields.Failure) -> SocketAddress {
        let family: AddressFamily = try constant(f, "family")
        if f.has("unnamed"), try f.bool("unnamed") { return .unnamed(family: family.value) }
        switch family {
        case .inet: return .inet(host: try f.string("host"), port: try f.int("port", as: UInt16.self))
        case .inet6: return .inet6(host: try f.string("host"), port: try f.int("port", as: UInt16.self))
        case .unix: return .unix(path: try f.string("path"))
        default: return .unnamed(family: family.value)
        }
    }

    static func encode(_ outcome: CallOutcome) -> JSONValue {
        var o = JSONObjectBuilder()
        o.add("return", outcome.returnValue)
        o.add("errno", outcome.error.map(encode))
        o.add("lookup_error", outcome.lookupError)
        o.add("duration_ns", outcome.durationNanoseconds)
        o.add("bytes", outcome.bytes)
        o.add("address", outcome.address.map(encode))
        o.add("descriptors", outcome.descriptors.map { JSONValue.array($0.map { .int(Int64($0)) }) })
        o.add("value", outcome.value)
        o.add("addresses", outcome.addresses.map { JSONValue.array($0.map(encode)) })
        return o.value
    }

    static func decodeOutcome(_ f: JSONFields) throws(JSONFields.Failure) -> CallOutcome {
        var outcome = CallOutcome(returnValue: try f.int("return", as: Int.self),
                                  error: try f.optionalObject("errno").map { (e) throws(JSONFields.Failure) in try decodeErrno(e) },
                                  durationNanoseconds: try f.int("duration_ns", as: UInt64.self))
        outcome.lookupError = try f.optionalString("lookup_error")
        outcome.bytes = try f.optionalData("bytes")
        outcome.address = try f.optionalObject("address").map { (a) throws(JSONFields.Failure) in try decodeAddress(a) }
        if f.has("descriptors") { outcome.descriptors = try descriptorList(f, "descriptors") }
        outcome.value = try f.optionalString("value")
        if f.has("addresses") {
            var list: [SocketAddress] = []
            for a in try f.objects("addresses") { list.append(try decodeAddress(a)) }
            outcome.addresses = list
        }
        return outcome
    }

    static func encode(_ error: ErrnoValue) -> JSONValue {
        .object([("code", .int(Int64(error.code))), ("name", .string(error.name)), ("message", .string(error.message))])
    }

    static func decodeErrno(_ f: JSONFields) throws(JSONFields.Failure) -> ErrnoValue {
        ErrnoValue(code: try f.int("code", as: Int32.self), name: try f.string("name"), message: try f.string("message"))
    }
}
