import Testing
@testable import Tutor

@Suite struct ChunkedListTests {
    @Test func itBehavesAsAnArrayAcrossChunkBoundaries() {
        var list: ChunkedList<Int> = []
        var array: [Int] = []
        for i in 0..<1000 {
            list.append(i)
            array.append(i)
            if i % 97 == 0 { list[i / 2] = -i; array[i / 2] = -i }
        }
        #expect(Array(list) == array)
        #expect(list.count == 1000 && list.last == array.last && list.lastIndex(of: -97) == array.lastIndex(of: -97))
    }

    @Test func aCopyIsIndependentOfItsOriginal() {
        var original = ChunkedList(0..<600)
        var copy = original
        copy.append(600)
        copy[3] = -3
        original[599] = -599
        #expect(Array(original) == Array(0..<599) + [-599])
        #expect(Array(copy.prefix(5)) == [0, 1, 2, -3, 4] && copy.count == 601 && copy[599] == 599)
        #expect(original != copy)
        #expect(ChunkedList([1, 2]) == [1, 2])
    }
}
