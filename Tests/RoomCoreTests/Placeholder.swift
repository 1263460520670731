import RoomCore
import Testing
