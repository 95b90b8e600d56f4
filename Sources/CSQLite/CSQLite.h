// SQLite's C API for Swift (Debian: libsqlite3-dev). Only Sources/Progress/SQLiteDatabase.swift
// imports it.
#ifndef CSQLITE_H
#define CSQLITE_H

#include <sqlite3.h>
#include <fcntl.h>
#include <unistd.h>

// The tutor's own descriptors live at 900 and above, so that a lesson's sockets get the
// numbers the learner's own program would (3, 4, …). SQLite keeps the numbers open() gave
// it (database, -wal, -shm), so its unix VFS is given an open() that moves each new
// descriptor up there at once (SQLite's documented xSetSystemCall override).
static int csqlite_open_high(const char *path, int flags, int mode) {
    int fd = open(path, flags | O_CLOEXEC, mode);
    if (fd < 0 || fd >= 900) return fd;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 900);
    if (high < 0) return fd;
    close(fd);
    return high;
}

static inline int csqlite_open_descriptors_high(void) {
    sqlite3_vfs *vfs = sqlite3_vfs_find(0);
    if (vfs == 0 || vfs->iVersion < 3 || vfs->xSetSystemCall == 0) return SQLITE_ERROR;
    return vfs->xSetSystemCall(vfs, "open", (sqlite3_syscall_ptr)csqlite_open_high);
}

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot see:
// it tells sqlite3_bind_text to copy the bytes before the call returns.
static inline sqlite3_destructor_type csqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

// sqlite3_db_config is variadic, which Swift cannot call. While a store is being judged,
// closing must not checkpoint a WAL into (and then delete it beside) a file that may be
// moved aside: the WAL may hold the learner's last answers.
static inline int csqlite_checkpoint_on_close(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, on ? 0 : 1, (int *)0);
}

#endif
