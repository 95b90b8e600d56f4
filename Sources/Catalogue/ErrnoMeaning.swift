/// An errno's meaning in Chinese, shown beside its name where a learner meets it
/// (`EPIPE（管道破裂：对端已关闭）`). The name stays as C and Python print it; English keeps
/// the C library's own message (strerror), which this table does not replace.
public enum ErrnoMeaning {
    /// nil for an errno the course never meets: then the C library's English message stays.
    public static func chinese(_ name: String) -> String? { table[name] }

    static let table: [String: String] = [
        "EPIPE": "管道破裂：对端已关闭",
        "ECONNREFUSED": "连接被拒绝：该端口无人监听",
        "ECONNRESET": "连接被对端重置",
        "ECONNABORTED": "连接已中止",
        "EAGAIN": "资源暂时不可用：现在做不了，稍后再试",
        "EWOULDBLOCK": "资源暂时不可用：现在做不了，稍后再试",
        "EINPROGRESS": "操作正在进行中",
        "EALREADY": "操作已在进行中",
        "EADDRINUSE": "地址已被占用",
        "EADDRNOTAVAIL": "无法分配请求的地址",
        "EAFNOSUPPORT": "不支持该地址族",
        "EPROTONOSUPPORT": "不支持该协议",
        "EOPNOTSUPP": "不支持该操作",
        "ENOTCONN": "套接字未连接",
        "EISCONN": "套接字已连接",
        "ENOTSOCK": "不是套接字",
        "EDESTADDRREQ": "需要目的地址",
        "EMSGSIZE": "消息太长",
        "ETIMEDOUT": "连接超时",
        "EHOSTUNREACH": "主机不可达",
        "ENETUNREACH": "网络不可达",
        "EINVAL": "参数无效",
        "EBADF": "文件描述符无效",
        "EPERM": "操作不允许",
        "EACCES": "权限不够",
        "ENOENT": "没有那个文件或目录",
        "EINTR": "系统调用被中断",
        "EMFILE": "打开的文件过多",
        "ENFILE": "系统中打开的文件过多",
        "ENOBUFS": "没有可用的缓冲区空间",
        "ENOMEM": "内存不足",
        "EFAULT": "地址错误",
        "EEXIST": "文件已存在",
        "ENOTDIR": "不是目录",
        "ENAMETOOLONG": "文件名太长",
        "ENOPROTOOPT": "协议不可用",
        "EPROTOTYPE": "套接字的协议类型错误",
        "ESHUTDOWN": "对端已关闭，无法再发送",
    ]
}
