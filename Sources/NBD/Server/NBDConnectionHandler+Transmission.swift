import NBDWire
import NIOCore

extension NBDConnectionHandler {
    func apply(_ action: NBDTransmissionStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .collectPayload:
            break  // the decoder collects it
        case .reply(let reply):
            self.write(reply, context: context)
        case .replyAndSkipPayload(let reply, _):
            self.write(reply, context: context)  // the decoder throws the payload away
        case .perform(let handle, let operation):
            self.perform(operation, handle: handle, context: context)
        case .replyAndClose(let reply):
            self.write(reply, context: context)
            self.close(context: context)
        case .close:
            self.close(context: context)
        case .abort(let error):
            self.logger.warning("NBD connection aborted: \(error)")
            self.close(context: context)
        }
    }

    private func write(_ reply: NBDSimpleReply, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: NBDSimpleReply.headerSize)
        buffer.writeNBDSimpleReply(reply)
        context.write(self.wrapOutboundOut(.byteBuffer(buffer)), promise: nil)
    }

    private func perform(_ operation: NBDOperation, handle: UInt64, context: ChannelHandlerContext) {
        guard let device = self.device else {
            self.complete(handle, .ioError, context: context)
            return
        }
        do {
            switch operation {
            case .read(let offset, let length):
                let data = try device.read(offset: offset, length: length)
                self.write(NBDSimpleReply(handle: handle), context: context)
                context.write(self.wrapOutboundOut(data), promise: nil)
                self.bytesRead += UInt64(length)
                self.complete(handle, .success, replySent: true, context: context)
            case .write(let offset, let data, let durable):
                try device.write(data, at: offset)
                self.finish(handle, durable: durable, device: device, context: context)
            case .flush:
                self.finish(handle, durable: true, device: device, context: context)
            case .trim(let offset, let length, let durable):
                try device.trim(offset: offset, length: length)
                self.finish(handle, durable: durable, device: device, context: context)
            case .writeZeroes(let offset, let length, let durable, let mayPunchHole):
                try device.writeZeroes(offset: offset, length: length, mayPunchHole: mayPunchHole)
                self.finish(handle, durable: durable, device: device, context: context)
            }
        } catch {
            self.logger.warning("NBD \(operation.name) failed: \(error)")
            self.complete(handle, Self.errorCode(for: error), context: context)
        }
    }

    /// Replies at once, or after `fdatasync(2)` on the thread pool when the command must be durable.
    private func finish(_ handle: UInt64, durable: Bool, device: any NBDBlockDevice, context: ChannelHandlerContext) {
        guard durable else {
            self.complete(handle, .success, context: context)
            return
        }
        self.persistsInFlight += 1
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.environment.threadPool.runIfActive(eventLoop: context.eventLoop) {
            try device.persist()
        }.whenComplete { result in
            let handler = handler.value
            handler.persistsInFlight -= 1
            guard handler.isActive else {
                handler.releaseDeviceIfIdle()
                return
            }
            let error: NBDErrorCode
            switch result {
            case .success: error = .success
            case .failure(let failure): error = Self.errorCode(for: failure)
            }
            handler.complete(handle, error, context: boundContext.value)
            boundContext.value.flush()
        }
    }

    private func complete(
        _ handle: UInt64, _ error: NBDErrorCode, replySent: Bool = false,
        context: ChannelHandlerContext
    ) {
        guard let action = self.decoder.operationCompleted(handle: handle, error: error, replySent: replySent) else {
            return
        }
        self.apply(action, context: context)
    }

    /// proto.md "Error values": ENOSPC when the disk is full, EIO for anything else.
    private static func errorCode(for error: any Error) -> NBDErrorCode {
        (error as? NBDError)?.errno == 28 ? .noSpace : .ioError
    }
}

extension NBDOperation {
    var name: String {
        switch self {
        case .read: "read"
        case .write: "write"
        case .flush: "flush"
        case .trim: "trim"
        case .writeZeroes: "write zeroes"
        }
    }
}
