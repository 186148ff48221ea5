"""A stand-in for the Python peers of TTS (ticket service, AMS, BMS, notification service), built on
the real Celery 5 of the machine so tests prove wire compatibility with Celery itself.

Worker:   python3 -m celery -A tts_peer worker -Q <queues> ...
          registers the task names TTS sends and appends each execution as one JSON line to
          $TTS_PEER_RECORD (task name, id, args, kwargs, delivery info).
Producer: python3 tts_peer.py send <task name> <queue> <kwargs json> [--args <args json>]
          sends one task the way HDTS and the Auth Service do (app.send_task) and prints its id.
"""
import json
import os
import sys

from celery import Celery

app = Celery('tts_peer', broker=os.environ.get('CELERY_BROKER_URL', 'amqp://guest:guest@127.0.0.1:5672//'))
app.conf.update(
    task_serializer='json',
    accept_content=['json'],
    result_backend=None,
    task_ignore_result=True,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)


def _record(request, args, kwargs):
    path = os.environ.get('TTS_PEER_RECORD')
    if not path:
        return
    line = json.dumps({
        'task': request.task,
        'id': request.id,
        'args': list(args),
        'kwargs': kwargs,
        'queue': (request.delivery_info or {}).get('routing_key'),
        'redelivered': (request.delivery_info or {}).get('redelivered'),
    })
    # One write per line, so a reader polling the file never sees half a record.
    with open(path, 'a', encoding='utf-8') as f:
        f.write(line + '\n')


@app.task(name='ticket_service.update_status', bind=True)
def update_status(self, *args, **kwargs):
    _record(self.request, args, kwargs)


@app.task(name='ams.tasks.process_workflow_completion', bind=True)
def process_workflow_completion(self, *args, **kwargs):
    _record(self.request, args, kwargs)


@app.task(name='bms.tasks.process_budget_approval', bind=True)
def process_budget_approval(self, *args, **kwargs):
    _record(self.request, args, kwargs)


@app.task(name='notifications.tasks.create_assignment_notification', bind=True)
def create_assignment_notification(self, *args, **kwargs):
    _record(self.request, args, kwargs)


def _send(argv):
    task, queue, kwargs_json = argv[0], argv[1], argv[2]
    args = []
    if len(argv) > 4 and argv[3] == '--args':
        args = json.loads(argv[4])
    result = app.send_task(task, args=args, kwargs=json.loads(kwargs_json), queue=queue)
    print(result.id, flush=True)


if __name__ == '__main__':
    if len(sys.argv) >= 5 and sys.argv[1] == 'send':
        _send(sys.argv[2:])
    else:
        sys.stderr.write('usage: tts_peer.py send <task> <queue> <kwargs json> [--args <args json>]\n')
        sys.exit(2)
