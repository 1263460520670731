import GRDB
import RoomCore
import RoomStore
import Testing
